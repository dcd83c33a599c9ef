package io.optoutchain.party;

import java.util.Set;

/** An organisation taking part in the chain, referred to everywhere by its id. */
public record Party(String id, String name, Set<PartyRole> roles) {

  public boolean holds(PartyRole role) {
    return roles.contains(role);
  }
}
