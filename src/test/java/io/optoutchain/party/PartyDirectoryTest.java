package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.support.EngineTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The directory as the seed writes it into the party tables, and the rules a chain must keep. */
class PartyDirectoryTest extends EngineTest {

  private static final Map<String, Set<PartyRole>> ROLES = Map.of(
      "keeper", Set.of(PartyRole.CONTRACTOR),
      "middle", Set.of(PartyRole.CONTRACTOR),
      "producer", Set.of(PartyRole.CERTIFIED_PRODUCER),
      "other-producer", Set.of(PartyRole.CERTIFIED_PRODUCER));

  @Autowired PartyDirectory directory;
  @Autowired NamedParameterJdbcTemplate namedJdbc;

  private static List<Problem> problems(List<String> intake, List<List<String>> reports) {
    return new ChainTemplate("c1", "C1", intake, reports)
        .problems(id -> Optional.ofNullable(ROLES.get(id)));
  }

  @Test
  void theSeedIsInTheTablesWithTheChainItAlwaysHad() {
    assertThat(directory.hospitals()).containsExactly("hospital-a", "hospital-b", "hospital-c", "hospital-d");
    assertThat(directory.chainsOf("hospital-d")).extracting(ReportChain::finalRecipient).containsExactly("ldi", "jmimo");
    assertThat(directory.chainsOf("hospital-a")).singleElement().satisfies(chain -> {
      assertThat(chain.intake()).containsExactly("ldi", "nttdata");
      assertThat(chain.report()).containsExactly("nttdata", "ldi", "jmimo");
      assertThat(chain.ledgerKeeper()).isEqualTo("nttdata");
    });
    assertThat(directory.intakeOf("hospital-b")).containsExactly("ldi", "nttdata");
    assertThat(directory.chainOf("hospital-c", "jmimo")).isPresent();
    assertThat(directory.chainOf("hospital-c", "ldi")).isEmpty();
    assertThat(directory.party("nttdata")).hasValueSatisfying(p -> {
      assertThat(p.name()).isEqualTo("NTT Data / NTTデータ");
      assertThat(p.nameJa()).isEqualTo("NTTデータ");
      assertThat(p.roles()).containsExactly(PartyRole.CONTRACTOR);
    });
    assertThat(directory.party("no-such-party")).isEmpty();
    assertThat(directory.parties(List.of("ldi", "no-such-party", "hospital-a"))).extracting(Party::id)
        .containsExactly("hospital-a", "ldi");
  }

  @Test
  void aPartyIsInvolvedInAHospitalWhenItIsOnTheHospitalsChain() {
    assertThat(directory.involves("hospital-a", "hospital-a")).isTrue();
    assertThat(directory.involves("hospital-a", "jmimo")).isTrue();
    assertThat(directory.involves("hospital-a", "hospital-b")).isFalse();
    assertThat(directory.involves("hospital-a", "datauser-1")).isFalse();
    assertThat(directory.chainsOf("datauser-1")).isEmpty();
    assertThatThrownBy(() -> directory.intakeOf("datauser-1")).hasMessageContaining("no chain");
  }

  @Test
  void aSecondDirectoryOverTheSameTablesIsAnotherNodeAndNeedsNoCopy() {
    // Nothing is held between calls: a directory built now reads what the first one reads.
    var otherNode = new PartyDirectory(namedJdbc);

    assertThat(otherNode.chainsOf("hospital-a")).isEqualTo(directory.chainsOf("hospital-a"));
  }

  @Test
  void chainLengthIsData() {
    var twoHops = new ChainTemplate("c", "C", List.of("keeper"), List.of(List.of("keeper", "middle", "producer")))
        .forHospital("h1").get(0);
    var oneHop = new ChainTemplate("c", "C", List.of("keeper"), List.of(List.of("keeper", "producer")))
        .forHospital("h1").get(0);

    assertThat(twoHops.hopCount()).isEqualTo(2);
    assertThat(twoHops.receiver(2)).isEqualTo("producer");
    assertThat(oneHop.hopCount()).isEqualTo(1);
    assertThat(oneHop.ledgerKeeper()).isEqualTo("keeper");
  }

  @Test
  void aHospitalHasOneReportChainPerCertifiedProducer() {
    var template = new ChainTemplate("c", "C", List.of("keeper"),
        List.of(List.of("keeper", "middle", "producer"), List.of("keeper", "other-producer")));

    assertThat(template.problems(id -> Optional.ofNullable(ROLES.get(id)))).isEmpty();
    assertThat(template.forHospital("h1")).extracting(ReportChain::finalRecipient)
        .containsExactly("producer", "other-producer");
  }

  @Test
  void badChainsAreRefusedNamingWhatIsWrong() {
    assertThat(problems(List.of("keeper"), List.of(List.of("keeper", "unknown"))))
        .extracting(Problem::english).anyMatch(m -> m.contains("no party unknown"));
    assertThat(problems(List.of("keeper"), List.of(List.of("keeper", "middle"))))
        .extracting(Problem::english).anyMatch(m -> m.contains("CERTIFIED_PRODUCER"));
    assertThat(problems(List.of("middle"), List.of(List.of("keeper", "producer"))))
        .extracting(Problem::english).anyMatch(m -> m.contains("starts at the ledger keeper middle"));
    assertThat(problems(List.of("keeper"), List.of(List.of("keeper", "producer"), List.of("keeper", "middle", "producer"))))
        .extracting(Problem::english).anyMatch(m -> m.contains("two report routes end at producer"));
    assertThat(problems(List.of(), List.of(List.of("keeper", "producer"), List.of("middle", "other-producer"))))
        .extracting(Problem::english).anyMatch(m -> m.contains("starts at the ledger keeper keeper"));
    assertThat(problems(List.of("keeper"), List.of())).extracting(Problem::field).contains("reports");
    assertThat(problems(List.of("keeper"), List.of(List.of("keeper", "middle", "keeper", "producer"))))
        .extracting(Problem::english).anyMatch(m -> m.contains("appears twice"));
  }
}
