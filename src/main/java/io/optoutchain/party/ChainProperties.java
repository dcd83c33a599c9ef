package io.optoutchain.party;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The seed of the party tables, as configured under {@code optout}: at start-up each party, chain
 * and hospital assignment listed here is inserted if absent (party/admin/PartySeeder). What the
 * administrator changed since is kept. The production default lists none; the demo profile (and the
 * tests) list the seed's parties and chain.
 */
@ConfigurationProperties("optout")
public record ChainProperties(Map<String, PartyDefinition> parties, List<ChainDefinition> chains) {

  public ChainProperties {
    parties = parties == null ? Map.of() : Map.copyOf(parties);
    chains = chains == null ? List.of() : List.copyOf(chains);
  }

  /**
   * A party: its Japanese and English names ({@code name-ja}, {@code name-en}; or one {@code name}
   * "English / 日本語", split at the " / "), roles and the e-mail address escalations also go to.
   */
  public record PartyDefinition(String name, String nameJa, String nameEn, Set<PartyRole> roles,
      String contactEmail) {

    /** The Japanese name: {@code name-ja}, else the part of {@code name} after " / ", else all of it. */
    public String japaneseName(String id) {
      if (nameJa != null && !nameJa.isBlank()) {
        return nameJa;
      }
      if (name == null || name.isBlank()) {
        return id;
      }
      int beside = name.indexOf(" / ");
      return beside < 0 ? name : name.substring(beside + 3);
    }

    /** The English name: {@code name-en}, else the part of {@code name} before " / ", else none. */
    public String englishName() {
      if (nameEn != null && !nameEn.isBlank()) {
        return nameEn;
      }
      int beside = name == null ? -1 : name.indexOf(" / ");
      return beside < 0 ? null : name.substring(0, beside);
    }
  }

  /**
   * One chain shared by a group of hospitals: intake after the hospital, and one report chain per
   * certified producer that receives the hospitals' records, each starting at the ledger keeper.
   * {@code id} and {@code name} name the chain in the tables; without them the seed derives both.
   */
  public record ChainDefinition(List<String> hospitals, List<String> intake, List<List<String>> reports, String id,
      String name) {}
}
