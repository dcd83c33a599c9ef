package io.optoutchain.party;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The parties and their delegation chains, as configured under {@code optout}. Validated into a
 * {@link PartyDirectory} at start-up.
 */
@ConfigurationProperties("optout")
public record ChainProperties(Map<String, PartyDefinition> parties, List<ChainDefinition> chains) {

  public ChainProperties {
    parties = parties == null ? Map.of() : Map.copyOf(parties);
    chains = chains == null ? List.of() : List.copyOf(chains);
  }

  public record PartyDefinition(String name, Set<PartyRole> roles) {}

  /**
   * One chain shared by a group of hospitals: intake after the hospital, and one report chain per
   * certified producer that receives the hospitals' records, each starting at the ledger keeper.
   */
  public record ChainDefinition(List<String> hospitals, List<String> intake, List<List<String>> reports) {}
}
