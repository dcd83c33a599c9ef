package io.optoutchain.party;

import java.util.Set;

/** Who is acting: the authenticated user, the party they work for, and their groups. */
public record Actor(String userId, String partyId, Set<String> groups) {

  public Actor {
    groups = Set.copyOf(groups);
  }

  public boolean actsFor(String party) {
    return party.equals(partyId);
  }

  public boolean isAdministrator() {
    return groups.contains(PartyGroups.ADMINISTRATORS);
  }

  public boolean isRegulator() {
    return groups.contains(PartyGroups.REGULATORS);
  }
}
