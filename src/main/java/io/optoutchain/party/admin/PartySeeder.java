package io.optoutchain.party.admin;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.digest.Sha256;
import io.optoutchain.identity.PartyAccess;
import io.optoutchain.party.ChainProperties;
import io.optoutchain.party.ChainTemplate;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.PartyRules;
import io.optoutchain.party.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the party tables from {@code optout.parties} and {@code optout.chains} at start-up, before
 * the users are created (their groups are the parties'): each party, chain and hospital assignment
 * is inserted if absent, with the party's groups and grants and an audit event; what exists is left
 * as the administrator has it. One transaction; two nodes starting at once insert each row once (the
 * second waits on the first's insert and then finds the row). A seed that names an unknown party or
 * breaks a chain rule stops the start-up, as a bad chain always did.
 */
@Component
@Order(0)
public class PartySeeder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(PartySeeder.class);

  private final ChainProperties seed;
  private final PartyTables tables;
  private final PartyAccess access;
  private final AuditTrail audit;
  private final Clock clock;

  public PartySeeder(ChainProperties seed, PartyTables tables, PartyAccess access, AuditTrail audit, Clock clock) {
    this.seed = seed;
    this.tables = tables;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    seed();
  }

  /** Inserts what of the seed is absent; returns the number of rows inserted (parties, chains, assignments). */
  @Transactional
  public int seed() {
    int inserted = 0;
    List<Party> parties = new ArrayList<>();
    for (var entry : new TreeMap<>(seed.parties()).entrySet()) {
      Party party = party(entry.getKey(), entry.getValue());
      parties.add(party);
      if (tables.insertParty(party.id(), party.nameJa(), party.nameEn(), party.contactEmail(), party.roles(),
          clock.instant())) {
        audit.record(PartyAdministration.PARTY_CREATED, party.holds(PartyRole.HOSPITAL) ? party.id() : null, null,
            PartyAdministration.partyPayload(party, "seed"));
        inserted++;
      }
    }
    access.open(parties);

    Set<String> chained = new HashSet<>();
    for (ChainProperties.ChainDefinition definition : seed.chains()) {
      ChainTemplate template = template(definition);
      if (tables.insertChain(template.id(), template.name(), clock.instant())) {
        List<Problem> problems = template.problems(p -> tables.party(p).map(PartyTables.PartyRow::roles));
        if (!problems.isEmpty()) {
          throw new IllegalStateException("optout.chains: the chain " + template.id() + " cannot be seeded: "
              + problems.stream().map(Problem::english).collect(Collectors.joining("; ")));
        }
        tables.replaceRoutes(template);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("chainId", template.id());
        payload.put("created", true);
        payload.put("intake", template.intake());
        payload.put("reports", template.reports());
        payload.put("nameSha256", AuditTrail.freeTextDigest(template.name()));
        payload.put("source", "seed");
        audit.record(PartyAdministration.CHAIN_SAVED, null, null, payload);
        inserted++;
      }
      for (String hospital : definition.hospitals() == null ? List.<String>of() : definition.hospitals()) {
        Optional<PartyTables.PartyRow> row = tables.party(hospital);
        if (row.isEmpty() || !row.get().roles().contains(PartyRole.HOSPITAL)) {
          throw new IllegalStateException("optout.chains: " + hospital
              + " is listed as a hospital of a chain but is not a party with the role HOSPITAL (optout.parties)");
        }
        if (!chained.add(hospital)) {
          throw new IllegalStateException("optout.chains: hospital " + hospital + " is listed in more than one chain");
        }
        if (tables.assignIfAbsent(hospital, template.id(), clock.instant())) {
          audit.record(PartyAdministration.HOSPITAL_CHAIN_ASSIGNED, hospital, null,
              Map.of("hospitalId", hospital, "chainId", template.id(), "source", "seed"));
          inserted++;
        }
      }
    }
    parties.stream().filter(p -> p.holds(PartyRole.HOSPITAL)).filter(p -> !chained.contains(p.id())).findFirst()
        .ifPresent(p -> {
          throw new IllegalStateException("optout.parties: hospital " + p.id() + " has no chain: add it to optout.chains");
        });
    if (inserted > 0) {
      log.info("Seeded {} party, chain and assignment rows from optout.parties / optout.chains", inserted);
    }
    return inserted;
  }

  private static Party party(String id, ChainProperties.PartyDefinition definition) {
    List<Problem> problems = new ArrayList<>(PartyRules.idProblems(id));
    Set<PartyRole> roles = definition.roles() == null || definition.roles().isEmpty()
        ? EnumSet.noneOf(PartyRole.class) : EnumSet.copyOf(definition.roles());
    String nameJa = PartyRules.text(definition.japaneseName(id));
    String nameEn = PartyRules.text(definition.englishName());
    String email = PartyRules.text(definition.contactEmail());
    problems.addAll(PartyRules.problems(nameJa, nameEn, email, roles));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("optout.parties." + id + ": "
          + problems.stream().map(p -> p.field() + ": " + p.english()).collect(Collectors.joining("; ")));
    }
    return new Party(id, nameJa, nameEn, roles, email);
  }

  /** The chain as the seed names it; without an id, one derived from its routes, the same at every start. */
  static ChainTemplate template(ChainProperties.ChainDefinition definition) {
    List<String> intake = definition.intake() == null ? List.of() : definition.intake();
    List<List<String>> reports = definition.reports() == null ? List.of() : definition.reports();
    String routes = String.join(" → ", intake) + " ⇒ "
        + reports.stream().map(r -> String.join(" → ", r)).collect(Collectors.joining(" | "));
    String id = definition.id() != null ? definition.id() : "seed-" + Sha256.hex(routes).substring(0, 12);
    String name = definition.name() != null ? definition.name() : routes;
    return new ChainTemplate(id, name.length() > ChainTemplate.MAX_NAME ? name.substring(0, ChainTemplate.MAX_NAME)
        : name, intake, reports);
  }
}
