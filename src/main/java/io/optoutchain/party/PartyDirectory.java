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
  private final Map<String, List<ReportChain>> chainsByHospital = new LinkedHashMap<>();

  public PartyDirectory(ChainProperties properties) {
    properties.parties().forEach((id, definition) -> parties.put(id, new Party(id,
        definition.name() == null ? id : definition.name(),
        definition.roles() == null || definition.roles().isEmpty()
            ? EnumSet.noneOf(PartyRole.class) : EnumSet.copyOf(definition.roles()))));
    for (ChainProperties.ChainDefinition definition : properties.chains()) {
      if (definition.reports() == null || definition.reports().isEmpty()) {
        throw new IllegalStateException("the chain of " + definition.hospitals() + " names no report chain");
      }
      for (String hospital : definition.hospitals()) {
        List<ReportChain> chains = new ArrayList<>();
        for (List<String> report : definition.reports()) {
          ReportChain chain = new ReportChain(hospital,
              definition.intake() == null ? List.of() : definition.intake(), report);
          validate(chain);
          if (chains.stream().anyMatch(c -> c.finalRecipient().equals(chain.finalRecipient()))) {
            throw new IllegalStateException("hospital " + hospital + " has two report chains to "
                + chain.finalRecipient());
          }
          if (!chains.isEmpty() && !chains.get(0).ledgerKeeper().equals(chain.ledgerKeeper())) {
            throw new IllegalStateException("the report chains of hospital " + hospital
                + " must all start at the one ledger keeper");
          }
          chains.add(chain);
        }
        if (chainsByHospital.putIfAbsent(hospital, List.copyOf(chains)) != null) {
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

  /** The hospital's report chains, one per certified producer receiving its records. */
  public List<ReportChain> chainsOf(String hospitalId) {
    return chainsByHospital.getOrDefault(hospitalId, List.of());
  }

  /** The hospital's report chain ending at this final recipient. */
  public Optional<ReportChain> chainOf(String hospitalId, String finalRecipient) {
    return chainsOf(hospitalId).stream().filter(c -> c.finalRecipient().equals(finalRecipient)).findFirst();
  }

  /**
   * The parties a hospital's opt-out requests travel through after the hospital, in order; the
   * last one keeps the ledger.
   */
  public List<String> intakeOf(String hospitalId) {
    return chainsOf(hospitalId).stream().findFirst().map(ReportChain::intake).orElseThrow(
        () -> new IllegalArgumentException("hospital " + hospitalId + " has no chain"));
  }

  /** Whether the party handles any of this hospital's opt-outs: the hospital or a party on a chain. */
  public boolean involves(String hospitalId, String partyId) {
    return chainsOf(hospitalId).stream().anyMatch(chain -> chain.involves(partyId));
  }

  public List<String> hospitals() {
    return new ArrayList<>(chainsByHospital.keySet());
  }
}
