package io.optoutchain.intake;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.LedgerEntry;
import io.optoutchain.ledger.LedgerRepository;
import io.optoutchain.ledger.LedgerService;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.Actor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyRole;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The opt-out intake's rules and records: who may hand a request in, the route it travels (recorded at
 * its start), each hop's blind statement compared with the hospital's key and date, and the ledger entry
 * written when the ledger keeper's statement agrees, dated the day the request was first received. Every
 * step reads its request from our tables by the process instance; nothing here reads a process variable.
 */
@Service
@Transactional
public class IntakeService {

  /** The comparison of a statement is the system's, not the user's whose entry triggered it. */
  static final String SYSTEM = "system";
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final IntakeRepository intakes;
  private final LedgerService ledger;
  private final LedgerRepository ledgerEntries;
  private final PartyDirectory directory;
  private final AuditTrail audit;
  private final Clock clock;

  public IntakeService(IntakeRepository intakes, LedgerService ledger, LedgerRepository ledgerEntries,
      PartyDirectory directory, AuditTrail audit, Clock clock) {
    this.intakes = intakes;
    this.ledger = ledger;
    this.ledgerEntries = ledgerEntries;
    this.directory = directory;
    this.audit = audit;
    this.clock = clock;
  }

  /** The intake route of a configured hospital as it stands now: the parties after it, the ledger keeper last. */
  @Transactional(readOnly = true)
  public List<String> routeOf(String hospitalId) {
    if (!directory.isAssigned(hospitalId)) {
      throw Rejected.invalid("hospitalId", "病院 '" + Rejected.shown(hospitalId) + "' は設定されていません",
          "no hospital '" + Rejected.shown(hospitalId) + "' is configured");
    }
    return directory.intakeOf(hospitalId);
  }

  /** Whether this actor keeps the hospital's ledger: its new opt-outs and corrections go straight in. */
  public boolean keepsTheLedger(List<String> route, Actor actor) {
    return !route.isEmpty() && actor.actsFor(route.get(route.size() - 1));
  }

  /**
   * A request taken into intake with the patient's key (from the hospital, or a party of its route), or
   * what was there before: the ledger's active entry for the same opt-out, or the same request in intake.
   */
  public record Admission(IntakeRequest request, LedgerEntry alreadyRecorded, boolean alreadyInIntake) {}

  /** Takes a new opt-out with its key into intake, from the hospital or a party of its route other than the keeper. */
  public Admission admit(NewLedgerEntry entry, List<String> route, Actor actor) {
    if (entry.correctsEntryId() != null) {
      throw Rejected.forbidden("台帳の訂正は台帳管理者 " + route.get(route.size() - 1) + " が行います",
          "corrections of the ledger are made by its keeper " + route.get(route.size() - 1));
    }
    if (!actor.actsFor(entry.hospitalId()) && !route.contains(actor.partyId())) {
      throw Rejected.forbidden(entry.hospitalId() + " のオプトアウトを受け付けるのは同院と受付経路 " + route + " だけです。"
          + actor.userId() + " の所属は " + actor.partyId() + " です", "only " + entry.hospitalId()
          + " and its intake route " + route + " take in its opt-outs; " + actor.userId() + " works for "
          + actor.partyId());
    }
    LedgerService.checkRequest(entry.kind(), entry.receivedOn(), LocalDate.now(clock));
    if (entry.reason() != null) {
      throw Rejected.invalid("reason", "理由は台帳管理者による訂正にだけ付けます", "a reason goes with a correction by the ledger keeper only");
    }
    String key = entry.patientKey().value();
    var recorded = ledgerEntries.findActive(entry.hospitalId(), key, entry.kind(), null);
    if (recorded.isPresent()) {
      return new Admission(null, recorded.get(), false);
    }
    var open = intakes.findOpen(entry.hospitalId(), key, entry.kind());
    if (open.isPresent()) {
      return new Admission(open.get(), null, true);
    }
    long id;
    try {
      id = intakes.insert(new IntakeRepository.NewRequest(entry.hospitalId(), actor.partyId(), null, key,
          entry.kind(), entry.receivedOn(), IntakeState.CONFIRMING, actor.userId(), clock.instant()), route);
    } catch (DuplicateKeyException e) {
      throw Rejected.conflict("この患者の同じ求めが同時に受け付けられました。もう一度送ってください",
          "the same request of this patient was taken in at the same time; send it again");
    }
    IntakeRequest request = intakes.find(id).orElseThrow();
    recordReceived(request);
    return new Admission(request, null, false);
  }

  /**
   * A request a patient made at a certified producer's call centre: no patient key, only the call centre's
   * opaque reference. The hospital identifies the patient next. The same reference sent again returns the
   * request it named.
   */
  public Admission admitFromCallCentre(String hospitalId, String reference, OptOutKind kind, LocalDate receivedOn,
      Actor actor) {
    List<String> route = routeOf(hospitalId);
    boolean producer = directory.party(actor.partyId()).map(party -> party.holds(PartyRole.CERTIFIED_PRODUCER))
        .orElse(false);
    boolean ofTheHospital = ofTheHospital(hospitalId, actor.partyId());
    if (!producer || !ofTheHospital || actor.actsFor(hospitalId)) {
      throw Rejected.forbidden("コールセンターの求めを病院 " + hospitalId + " に渡せるのは、同院の認定作成事業者だけです",
          "only a certified producer of " + hospitalId + " hands its call centre's requests to the hospital");
    }
    if (route.isEmpty()) {
      throw Rejected.conflict(hospitalId + " には受付経路が設定されていません", hospitalId + " has no intake route configured");
    }
    if (reference == null || !REFERENCE.matcher(reference).matches()) {
      throw Rejected.invalid("reference", "受付番号は英数字と . _ - で1～64文字の、コールセンター自身の番号です（氏名や患者番号は入れないでください）",
          "the reference is the call centre's own number of 1 to 64 letters, digits or . _ - (never a name or a patient number)");
    }
    LedgerService.checkRequest(kind, receivedOn, LocalDate.now(clock));
    var existing = intakes.findByReference(actor.partyId(), reference);
    if (existing.isPresent()) {
      IntakeRequest found = existing.get();
      if (!found.hospitalId().equals(hospitalId) || found.kind() != kind || !found.receivedOn().equals(receivedOn)) {
        throw Rejected.conflict("受付番号 " + reference + " はすでに別の求め（受付 " + found.id() + "）に使われています",
            "reference " + reference + " already names another request (intake " + found.id() + ")");
      }
      return new Admission(found, null, true);
    }
    long id;
    try {
      id = intakes.insert(new IntakeRepository.NewRequest(hospitalId, actor.partyId(), reference, null, kind,
          receivedOn, IntakeState.IDENTIFYING, actor.userId(), clock.instant()), route);
    } catch (DuplicateKeyException e) {
      throw Rejected.conflict("受付番号 " + reference + " は同時に別の要求で使われました", "reference " + reference
          + " was used by another request at the same time");
    }
    IntakeRequest request = intakes.find(id).orElseThrow();
    recordReceived(request);
    return new Admission(request, null, false);
  }

  /** Whether a party takes part in the hospital's chain: on its intake route or on a report chain. */
  private boolean ofTheHospital(String hospitalId, String partyId) {
    return partyId != null && directory.involves(hospitalId, partyId);
  }

  private void recordReceived(IntakeRequest request) {
    Map<String, Object> payload = subject(request);
    payload.put("enteredAtParty", request.enteredAtParty());
    payload.put("callCentreReference", request.callCentreReference());
    payload.put("patientKey", request.patientKey());
    payload.put("kind", request.kind().name());
    payload.put("receivedOn", request.receivedOn().toString());
    payload.put("route", request.route());
    audit.record("INTAKE_RECEIVED", request.hospitalId(), period(request), payload);
  }

  /** Binds a request just taken in to the process instance that carries it, once. */
  public void bindProcessInstance(long id, String processInstanceId) {
    if (!intakes.bindProcessInstance(id, processInstanceId)) {
      throw Rejected.conflict("受付 " + id + " はすでに工程に結び付いているか、存在しません。受付の工程は受け付けた求めからだけ始まります",
          "intake " + id + " is carried by a process already, or does not exist; an intake starts only from a request"
          + " the product took in");
    }
  }

  /** The request a process instance carries: from our table, never from a process variable. */
  @Transactional(readOnly = true)
  public IntakeRequest ofProcessInstance(String processInstanceId) {
    return intakes.ofProcessInstance(processInstanceId, false).orElseThrow(
        () -> new IllegalStateException("process instance " + processInstanceId + " carries no intake request"));
  }

  /**
   * The request of a user's task being completed, its row locked for the rest of the transaction, so
   * that a concurrent completion waits and then finds the task gone.
   */
  public IntakeRequest lock(String processInstanceId) {
    return locked(processInstanceId);
  }

  private IntakeRequest locked(String processInstanceId) {
    return intakes.ofProcessInstance(processInstanceId, true).orElseThrow(
        () -> new IllegalStateException("process instance " + processInstanceId + " carries no intake request"));
  }

  @Transactional(readOnly = true)
  public Optional<IntakeRequest> find(long id) {
    return intakes.find(id);
  }

  /**
   * The hospital enters the key of the patient its producer's call centre took a request from, or states
   * that no patient matches the call centre's reference ({@code notFound}): then nothing reaches the ledger
   * and the call centre sees the request closed as NOT_IDENTIFIED.
   */
  public IntakeRequest identify(String processInstanceId, String patientKey, boolean notFound, Actor actor) {
    IntakeRequest request = locked(processInstanceId);
    if (request.state() != IntakeState.IDENTIFYING) {
      throw Rejected.conflict("受付 " + request.id() + " の患者はすでに特定されています", "the patient of intake "
          + request.id() + " has been identified already");
    }
    if (!actor.actsFor(request.hospitalId())) {
      throw Rejected.forbidden("患者を特定するのは病院 " + request.hospitalId() + " です", "the hospital "
          + request.hospitalId() + " identifies the patient");
    }
    boolean keyGiven = patientKey != null && !patientKey.isBlank();
    if (notFound) {
      if (keyGiven) {
        throw Rejected.invalid("patientKey", "患者が見つからない場合は患者キーを入力しないでください",
            "enter no patient key when no patient matches the reference");
      }
      requireOne(intakes.notIdentified(request.id()), request);
      audit.record("INTAKE_NOT_IDENTIFIED", request.hospitalId(), period(request), subject(request));
      return intakes.find(request.id()).orElseThrow();
    }
    String key = new PatientKey(keyGiven ? patientKey.trim() : null).value();
    var open = intakes.findOpen(request.hospitalId(), key, request.kind());
    if (open.isPresent()) {
      throw Rejected.conflict("この患者の同じ求めはすでに受付 " + open.get().id() + " で確認中です。そちらが台帳に記録された後にこのタスクを完了してください",
          "this patient's same request is in intake already as request " + open.get().id()
          + "; complete this task once that one is recorded");
    }
    if (!intakes.identify(request.id(), key)) {
      throw Rejected.conflict("受付 " + request.id() + " は同時に別の要求で更新されました", "intake " + request.id()
          + " was changed by another request at the same time");
    }
    Map<String, Object> payload = subject(request);
    payload.put("patientKey", key);
    audit.record("INTAKE_IDENTIFIED", request.hospitalId(), period(request), payload);
    return intakes.find(request.id()).orElseThrow();
  }

  /**
   * Records what the current hop stated, blind, and how it compares with the hospital's key and date. Only
   * the hop whose turn it is states; its statement is compared by {@link #check}.
   */
  public HopStatement.Comparison state(String processInstanceId, HopStatement statement, Actor actor) {
    IntakeRequest request = locked(processInstanceId);
    if (request.state() != IntakeState.CONFIRMING && request.state() != IntakeState.RECHECKING) {
      throw Rejected.conflict("受付 " + request.id() + " は確認を待っていません（" + request.state().described() + "）",
          "intake " + request.id() + " is not waiting for a confirmation (" + request.state().described() + ")");
    }
    if (!actor.actsFor(request.hopParty())) {
      throw Rejected.forbidden("受付 " + request.id() + " を今確認するのは " + request.hopParty() + " です",
          "the hop to confirm intake " + request.id() + " now is " + request.hopParty());
    }
    HopStatement.Comparison comparison = statement.comparedWith(request);
    intakes.insertConfirmation(request.id(), request.currentHop(), request.hopParty(), statement, comparison,
        actor.userId(), clock.instant());
    Map<String, Object> payload = subject(request);
    payload.put("hop", request.currentHop());
    payload.put("party", request.hopParty());
    payload.put("statedKeyPrefix", statement.keyPrefix());
    payload.put("statedReceivedOn", statement.receivedOn().toString());
    audit.record("INTAKE_CONFIRMATION", request.hospitalId(), period(request), payload);
    return comparison;
  }

  /** What the comparison of the current hop's latest statement led to. */
  public enum Outcome { NEXT_HOP, DIFFERS, RECORDED }

  /**
   * Compares the current hop's latest statement and moves the request on: to the next hop, back to the
   * same hop for a re-check, or, the ledger keeper's statement agreeing, into the ledger, dated the day
   * the request was first received, in this same transaction. {@code actor} is the keeper's user whose
   * confirmation this is.
   */
  public Outcome check(String processInstanceId, Actor actor) {
    IntakeRequest request = locked(processInstanceId);
    int hop = request.currentHop() == null ? 0 : request.currentHop();
    var confirmation = intakes.latestConfirmation(request.id(), hop).orElseThrow(() -> new IllegalStateException(
        "intake " + request.id() + " has no statement of hop " + hop + " to check"));
    var comparison = confirmation.comparison();
    Map<String, Object> payload = subject(request);
    payload.put("hop", hop);
    payload.put("party", request.hopParty());
    payload.put("keyAgrees", comparison.keyAgrees());
    payload.put("dateAgrees", comparison.dateAgrees());
    audit.append("INTAKE_CHECK", SYSTEM, null, request.hospitalId(), period(request), payload);
    if (!comparison.agrees()) {
      requireOne(intakes.recheck(request.id(), hop), request);
      return Outcome.DIFFERS;
    }
    if (!request.atLastHop()) {
      requireOne(intakes.advance(request.id(), hop), request);
      return Outcome.NEXT_HOP;
    }
    var recorded = ledger.recordOnce(new NewLedgerEntry(request.hospitalId(), new PatientKey(request.patientKey()),
        request.kind(), request.receivedOn(), null, null), actor);
    requireOne(intakes.recorded(request.id(), hop, request.patientKey(), recorded.entry().id(), clock.instant()),
        request);
    Map<String, Object> done = subject(request);
    done.put("ledgerEntryId", recorded.entry().id());
    done.put("alreadyRecorded", recorded.alreadyRecorded());
    done.put("receivedOn", request.receivedOn().toString());
    audit.record("INTAKE_RECORDED", request.hospitalId(), period(request), done);
    return Outcome.RECORDED;
  }

  /**
   * The user whose statement the next check compares: the check runs after that user's confirmation has
   * committed, as an async continuation with no user of its own, and records the ledger entry as theirs.
   */
  @Transactional(readOnly = true)
  public String statementToCheckBy(String processInstanceId) {
    IntakeRequest request = ofProcessInstance(processInstanceId);
    int hop = request.currentHop() == null ? 0 : request.currentHop();
    return intakes.latestConfirmation(request.id(), hop).orElseThrow(() -> new IllegalStateException(
        "intake " + request.id() + " has no statement of hop " + hop + " to check")).confirmedBy();
  }

  /** The outcome the gateway after a check follows, read from the request's state in our table. */
  @Transactional(readOnly = true)
  public Outcome outcome(String processInstanceId) {
    return switch (ofProcessInstance(processInstanceId).state()) {
      case RECORDED -> Outcome.RECORDED;
      case RECHECKING -> Outcome.DIFFERS;
      case CONFIRMING -> Outcome.NEXT_HOP;
      case IDENTIFYING, NOT_IDENTIFIED -> throw new IllegalStateException(processInstanceId + " has no hop to check");
    };
  }

  /** What the latest statement of the current hop got wrong, for its re-check: never the hospital's figures. */
  @Transactional(readOnly = true)
  public Optional<String> whatDiffers(String processInstanceId) {
    IntakeRequest request = ofProcessInstance(processInstanceId);
    if (request.currentHop() == null) {
      return Optional.empty();
    }
    return intakes.latestConfirmation(request.id(), request.currentHop())
        .map(IntakeRepository.Confirmation::comparison).filter(c -> !c.agrees())
        .map(HopStatement.Comparison::explained);
  }

  /** When the wait the request now stands at falls due, for the hospital's list. */
  public void showDue(String processInstanceId, Instant due) {
    intakes.showDue(ofProcessInstance(processInstanceId).id(), due);
  }

  /** The party late now: the hospital while it identifies, else the hop whose turn it is. */
  @Transactional(readOnly = true)
  public String lateParty(IntakeRequest request) {
    return request.state() == IntakeState.IDENTIFYING ? request.hospitalId() : request.hopParty();
  }

  /** Records an escalation of a late wait of the request a process instance carries. */
  public long recordEscalation(String processInstanceId, IntakeEscalationCause code, String group) {
    IntakeRequest request = ofProcessInstance(processInstanceId);
    long id = intakes.insertEscalation(request.id(), request.currentHop(), code, group, processInstanceId,
        clock.instant());
    Map<String, Object> payload = subject(request);
    payload.put("escalationId", id);
    payload.put("hop", request.currentHop());
    payload.put("level", code.level().name());
    payload.put("cause", code.cause().name());
    payload.put("escalatedTo", group);
    audit.append("INTAKE_ESCALATION", SYSTEM, null, request.hospitalId(), period(request), payload);
    return id;
  }

  public void recordEscalationHandled(String processInstanceId, Map<String, Object> handled) {
    IntakeRequest request = ofProcessInstance(processInstanceId);
    Map<String, Object> payload = subject(request);
    payload.putAll(handled);
    audit.record("INTAKE_ESCALATION_HANDLED", request.hospitalId(), period(request), payload);
  }

  @Transactional(readOnly = true)
  public Optional<Integer> escalatedHop(long escalationId) {
    return intakes.escalatedHop(escalationId);
  }

  @Transactional(readOnly = true)
  public List<IntakeRequest> ofHospital(String hospitalId, IntakeState state, int page, int size) {
    return intakes.ofHospital(hospitalId, state, page * size, size);
  }

  @Transactional(readOnly = true)
  public long countOfHospital(String hospitalId, IntakeState state) {
    return intakes.countOfHospital(hospitalId, state);
  }

  @Transactional(readOnly = true)
  public List<IntakeRepository.Confirmation> confirmations(long id) {
    return intakes.confirmations(id);
  }

  @Transactional(readOnly = true)
  public List<IntakeRepository.EscalationView> escalations(long id) {
    return intakes.escalations(id);
  }

  private static void requireOne(boolean changed, IntakeRequest request) {
    if (!changed) {
      throw Rejected.conflict("受付 " + request.id() + " は同時に別の要求で更新されました。二重には記録していません",
          "intake " + request.id() + " was changed by another request at the same time; nothing was recorded twice");
    }
  }

  private static Map<String, Object> subject(IntakeRequest request) {
    Map<String, Object> payload = new HashMap<>();
    payload.put("intakeId", request.id());
    return payload;
  }

  /** Intake events are filed under the hospital and the month the request was first received in. */
  private static String period(IntakeRequest request) {
    return ReportingPeriod.of(request.receivedOn()).label();
  }
}
