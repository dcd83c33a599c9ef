package io.optoutchain.party.admin;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.identity.PartyAccess;
import io.optoutchain.party.ChainTemplate;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.PartyRules;
import io.optoutchain.party.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The administrator's changes to parties and chains: each checked, written with the party's groups
 * and grants, and recorded in the audit trail, in one transaction. Nothing is cached anywhere, so the
 * next read of the directory on any node sees the change.
 */
@Service
@Transactional
public class PartyAdministration {

  public static final String PARTY_CREATED = "PARTY_CREATED";
  public static final String PARTY_UPDATED = "PARTY_UPDATED";
  public static final String CHAIN_SAVED = "CHAIN_SAVED";
  public static final String HOSPITAL_CHAIN_ASSIGNED = "HOSPITAL_CHAIN_ASSIGNED";

  private final PartyTables tables;
  private final PartyAccess access;
  private final AuditTrail audit;
  private final Clock clock;

  public PartyAdministration(PartyTables tables, PartyAccess access, AuditTrail audit, Clock clock) {
    this.tables = tables;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /** A party's fields as asked for: trimmed, blank as none. */
  public record PartyFields(String nameJa, String nameEn, String contactEmail, List<String> roles) {

    String ja() {
      return PartyRules.text(nameJa);
    }

    String en() {
      return PartyRules.text(nameEn);
    }

    String email() {
      return PartyRules.text(contactEmail);
    }
  }

  /** Creates a party with its groups and grants, and assigns a hospital its chain if one is named. */
  public PartyTables.PartyRow create(String id, PartyFields fields, String chainId) {
    refuseFirst(PartyRules.idProblems(id));
    Set<PartyRole> roles = checked(fields);
    String chain = PartyRules.text(chainId);
    if (chain != null && !roles.contains(PartyRole.HOSPITAL)) {
      throw Rejected.invalid("chainId", "経路を割り当てられるのは医療機関（HOSPITAL）だけです",
          "only a hospital (role HOSPITAL) is assigned a chain");
    }
    if (chain != null && !tables.lockChain(chain)) {
      throw Rejected.invalid("chainId", "経路 " + Rejected.shown(chain) + " はありません", "no chain " + Rejected.shown(chain));
    }
    if (!tables.insertParty(id, fields.ja(), fields.en(), fields.email(), roles, clock.instant())) {
      throw Rejected.conflict("組織 " + id + " はすでに登録されています（IDは変更できません。更新は PUT で）",
          "party " + id + " already exists (ids never change; update it with PUT)");
    }
    Party party = new Party(id, fields.ja(), fields.en(), roles, fields.email());
    access.open(List.of(party));
    audit.record(PARTY_CREATED, hospitalOrNull(party), null, partyPayload(party, "api"));
    if (chain != null) {
      tables.assign(id, chain, clock.instant());
      audit.record(HOSPITAL_CHAIN_ASSIGNED, id, null, Map.of("hospitalId", id, "chainId", chain));
    }
    return tables.party(id).orElseThrow();
  }

  /** Changes a party's names, contact e-mail and roles; its id never changes. */
  public PartyTables.PartyRow update(String id, PartyFields fields) {
    Set<PartyRole> roles = checked(fields);
    PartyTables.PartyRow before = tables.lockParty(id).orElseThrow(() -> notFound(id));
    if (!roles.contains(PartyRole.HOSPITAL) && before.chainId() != null) {
      throw Rejected.conflict(id + " は経路 " + before.chainId() + " の医療機関です。HOSPITAL の役割は外せません",
          id + " is a hospital on chain " + before.chainId() + "; it keeps the role HOSPITAL");
    }
    if (!roles.contains(PartyRole.CERTIFIED_PRODUCER) && before.roles().contains(PartyRole.CERTIFIED_PRODUCER)) {
      List<String> chains = tables.chainsEndingAt(id);
      if (!chains.isEmpty()) {
        throw Rejected.conflict(id + " は経路 " + String.join("、", chains) + " の最終受領者です。CERTIFIED_PRODUCER の役割は外せません",
            id + " is the final recipient of chain " + String.join(", ", chains) + "; it keeps the role CERTIFIED_PRODUCER");
      }
    }
    List<String> changed = new ArrayList<>();
    if (!Objects.equals(before.nameJa(), fields.ja())) {
      changed.add("nameJa");
    }
    if (!Objects.equals(before.nameEn(), fields.en())) {
      changed.add("nameEn");
    }
    if (!Objects.equals(before.contactEmail(), fields.email())) {
      changed.add("contactEmail");
    }
    if (!before.roles().equals(roles)) {
      changed.add("roles");
    }
    if (changed.isEmpty()) {
      return before;
    }
    tables.updateParty(id, fields.ja(), fields.en(), fields.email(), roles, clock.instant());
    Party party = new Party(id, fields.ja(), fields.en(), roles, fields.email());
    if (!Party.label(before.nameJa(), before.nameEn()).equals(party.name())) {
      access.rename(List.of(party));
    }
    Map<String, Object> payload = partyPayload(party, "api");
    payload.put("changed", changed);
    audit.record(PARTY_UPDATED, hospitalOrNull(party), null, payload);
    return tables.party(id).orElseThrow();
  }

  /** Saves a chain: a new one ({@code create}) or a change to an existing one. */
  public PartyTables.ChainRow saveChain(ChainTemplate template, boolean create) {
    List<String> named = Stream.concat(template.intake().stream(), template.reports().stream().flatMap(List::stream))
        .filter(Objects::nonNull).distinct().toList();
    // No named party changes its roles until this transaction ends.
    tables.shareLock(named);
    Map<String, Optional<Set<PartyRole>>> roles = new HashMap<>();
    named.forEach(p -> roles.put(p, tables.party(p).map(PartyTables.PartyRow::roles)));
    refuseFirst(template.problems(p -> roles.getOrDefault(p, Optional.empty())));
    var at = clock.instant();
    if (create) {
      if (!tables.insertChain(template.id(), template.name().strip(), at)) {
        throw Rejected.conflict("経路 " + template.id() + " はすでにあります（変更は PUT で）",
            "chain " + template.id() + " already exists (change it with PUT)");
      }
    } else {
      if (!tables.lockChain(template.id())) {
        throw Rejected.notFound("経路 " + Rejected.shown(template.id()) + " はありません", "no chain " + Rejected.shown(template.id()));
      }
      PartyTables.ChainRow before = tables.chain(template.id()).orElseThrow();
      if (before.name().equals(template.name().strip()) && before.intake().equals(template.intake())
          && before.reports().equals(template.reports())) {
        return before;
      }
      tables.renameChain(template.id(), template.name().strip(), at);
    }
    tables.replaceRoutes(template);
    PartyTables.ChainRow saved = tables.chain(template.id()).orElseThrow();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("chainId", saved.id());
    payload.put("created", create);
    payload.put("intake", saved.intake());
    payload.put("reports", saved.reports());
    payload.put("hospitals", saved.hospitals());
    payload.put("nameSha256", AuditTrail.freeTextDigest(saved.name()));
    audit.record(CHAIN_SAVED, null, null, payload);
    return saved;
  }

  /** Assigns a hospital its chain: its next months are reported along it; running months keep theirs. */
  public PartyTables.PartyRow assign(String hospitalId, String chainId) {
    PartyTables.PartyRow hospital = tables.lockParty(hospitalId).orElseThrow(() -> notFound(hospitalId));
    if (!hospital.roles().contains(PartyRole.HOSPITAL)) {
      throw Rejected.invalid("hospitalId", hospitalId + " は医療機関（HOSPITAL）ではありません", hospitalId + " is not a hospital (role HOSPITAL)");
    }
    String chain = PartyRules.text(chainId);
    if (chain == null || !tables.lockChain(chain)) {
      throw Rejected.invalid("chainId", "経路 " + Rejected.shown(chain) + " はありません", "no chain " + Rejected.shown(chain));
    }
    if (chain.equals(hospital.chainId())) {
      return hospital;
    }
    Optional<String> before = tables.assign(hospitalId, chain, clock.instant());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("hospitalId", hospitalId);
    payload.put("chainId", chain);
    before.ifPresent(previous -> payload.put("previousChainId", previous));
    audit.record(HOSPITAL_CHAIN_ASSIGNED, hospitalId, null, payload);
    return tables.party(hospitalId).orElseThrow();
  }

  private static Set<PartyRole> checked(PartyFields fields) {
    List<Problem> problems = new ArrayList<>();
    Set<PartyRole> roles = PartyRules.roles(fields.roles(), problems);
    problems.addAll(problems.isEmpty() ? PartyRules.problems(fields.ja(), fields.en(), fields.email(), roles)
        : PartyRules.fieldProblems(fields.ja(), fields.en(), fields.email()));
    refuseFirst(problems);
    return roles.isEmpty() ? EnumSet.noneOf(PartyRole.class) : roles;
  }

  private static void refuseFirst(List<Problem> problems) {
    if (!problems.isEmpty()) {
      Problem first = problems.get(0);
      throw Rejected.invalid(first.field(), first.japanese(), first.english());
    }
  }

  static Rejected notFound(String id) {
    return Rejected.notFound("組織 " + Rejected.shown(id) + " はありません", "no party " + Rejected.shown(id));
  }

  private static String hospitalOrNull(Party party) {
    return party.holds(PartyRole.HOSPITAL) ? party.id() : null;
  }

  /**
   * What an event records of a party: its id and roles; of the names and the e-mail address, typed by
   * a person, only their SHA-256 (the trail never holds free text).
   */
  static Map<String, Object> partyPayload(Party party, String source) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("partyId", party.id());
    payload.put("roles", party.roles().stream().sorted().map(Enum::name).toList());
    payload.put("nameJaSha256", AuditTrail.freeTextDigest(party.nameJa()));
    if (party.nameEn() != null) {
      payload.put("nameEnSha256", AuditTrail.freeTextDigest(party.nameEn()));
    }
    if (party.contactEmail() != null) {
      payload.put("contactEmailSha256", AuditTrail.freeTextDigest(party.contactEmail()));
    }
    payload.put("source", source);
    return payload;
  }
}
