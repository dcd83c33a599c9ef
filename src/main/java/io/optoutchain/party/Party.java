package io.optoutchain.party;

import java.util.Set;

/**
 * An organisation taking part in the chain, referred to everywhere by its id. Its Japanese name is
 * required, the English one optional; {@link #name()} shows both, English first, as every page and
 * mail has since the parties were configured ("NTT Data / NTTデータ").
 *
 * @param contactEmail where escalations to the party are mailed besides its groups' members; may be null
 */
public record Party(String id, String nameJa, String nameEn, Set<PartyRole> roles, String contactEmail) {

  public Party {
    roles = Set.copyOf(roles);
  }

  /** The display label: "English / 日本語", or the one name the party has. */
  public String name() {
    return label(nameJa, nameEn);
  }

  public boolean holds(PartyRole role) {
    return roles.contains(role);
  }

  /** The display label of these names. */
  public static String label(String nameJa, String nameEn) {
    if (nameEn == null || nameEn.isBlank()) {
      return nameJa;
    }
    if (nameJa == null || nameJa.isBlank()) {
      return nameEn;
    }
    return nameEn + " / " + nameJa;
  }
}
