package io.optoutchain.party;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The configured parties and chains, checked once at start-up so that a bad chain never starts. */
@Component
public class PartyDirectory {

  private final Map<String, Party> parties = new LinkedHashMap<>();
  private final Map<String, ReportChain> chainsByHospital = new LinkedHashMap<>();

  public PartyDirectory(ChainProperties properties) {
    properties.parties().forEach((id, definition) -> parties.put(id, new Party(id,
        definition.name() == null ? id : definition.name(),
        definition.roles() == null || definition.roles().isEmpty()
            ? EnumSet.noneOf(PartyRole.class) : EnumSet.copyOf(definition.roles()))));
    for (ChainProperties.ChainDefinition definition : properties.chains()) {
      for (String hospital : definition.hospitals()) {
        ReportChain chain = new ReportChain(hospital,
            definition.intake() == null ? List.of() : definition.intake(), definition.report());
        validate(chain);
        if (chainsByHospital.putIfAbsent(hospital, chain) != null) {
          throw new IllegalStateException("hospital " + hospital + " is configured in more than one chain");
        }
      }
    }
    parties.values().stream().filter(p -> p.holds(PartyRole.HOSPITAL))
        .filter(p -> !chainsByHospital.containsKey(p.id())).findFirst()
        .ifPresent(p -> {
          throw new IllegalStateException("hospital " + p.id() + " has no chain: add it to optout.chains");
        });
  }

  private void validate(ReportChain chain) {
    requireRole(chain.hospitalId(), PartyRole.HOSPITAL);
    chain.intake().forEach(this::require);
    chain.report().forEach(this::require);
    requireRole(chain.finalRecipient(), PartyRole.CERTIFIED_PRODUCER);
  }

  private Party require(String partyId) {
    Party party = parties.get(partyId);
    if (party == null) {
      throw new IllegalStateException("party " + partyId + " is used in a chain but not defined under optout.parties");
    }
    return party;
  }

  private void requireRole(String partyId, PartyRole role) {
    if (!require(partyId).holds(role)) {
      throw new IllegalStateException("party " + partyId + " must hold the role " + role + " for its place in the chain");
    }
  }

  public Optional<Party> party(String partyId) {
    return Optional.ofNullable(parties.get(partyId));
  }

  public Collection<Party> parties() {
    return parties.values();
  }

  public Optional<ReportChain> chainOf(String hospitalId) {
    return Optional.ofNullable(chainsByHospital.get(hospitalId));
  }

  /**
   * The parties a hospital's opt-out requests travel through after the hospital, in order; the
   * last one keeps the ledger.
   */
  public List<String> intakeOf(String hospitalId) {
    return chainOf(hospitalId).map(ReportChain::intake).orElseThrow(
        () -> new IllegalArgumentException("hospital " + hospitalId + " has no chain"));
  }

  public List<String> hospitals() {
    return new ArrayList<>(chainsByHospital.keySet());
  }
}
