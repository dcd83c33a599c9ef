package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartyDirectoryTest {

  private static final Map<String, ChainProperties.PartyDefinition> PARTIES = Map.of(
      "h1", new ChainProperties.PartyDefinition("H1", Set.of(PartyRole.HOSPITAL)),
      "keeper", new ChainProperties.PartyDefinition("Keeper", Set.of(PartyRole.CONTRACTOR)),
      "middle", new ChainProperties.PartyDefinition("Middle", Set.of(PartyRole.CONTRACTOR)),
      "producer", new ChainProperties.PartyDefinition("Producer", Set.of(PartyRole.CERTIFIED_PRODUCER)));

  private static PartyDirectory directory(List<String> intake, List<String> report) {
    return new PartyDirectory(new ChainProperties(PARTIES,
        List.of(new ChainProperties.ChainDefinition(List.of("h1"), intake, List.of(report)))));
  }

  @Test
  void chainLengthIsData() {
    var twoHops = directory(List.of("keeper"), List.of("keeper", "middle", "producer")).chainOf("h1", "producer").orElseThrow();
    var oneHop = directory(List.of("keeper"), List.of("keeper", "producer")).chainOf("h1", "producer").orElseThrow();

    assertThat(twoHops.hopCount()).isEqualTo(2);
    assertThat(twoHops.receiver(2)).isEqualTo("producer");
    assertThat(oneHop.hopCount()).isEqualTo(1);
    assertThat(oneHop.ledgerKeeper()).isEqualTo("keeper");
  }

  @Test
  void badChainsAreRefusedAtStartUp() {
    assertThatThrownBy(() -> directory(List.of("keeper"), List.of("keeper", "unknown")))
        .hasMessageContaining("unknown");
    assertThatThrownBy(() -> directory(List.of("keeper"), List.of("keeper", "middle")))
        .hasMessageContaining("CERTIFIED_PRODUCER");
    assertThatThrownBy(() -> directory(List.of("middle"), List.of("keeper", "producer")))
        .hasMessageContaining("must end at the party that sends the report");
  }
}
