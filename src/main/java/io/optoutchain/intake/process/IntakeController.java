package io.optoutchain.intake.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.intake.HopStatement;
import io.optoutchain.intake.IntakeRepository;
import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.intake.IntakeState;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutIntake;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.web.ClientRequests;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The opt-out intake over HTTP: a hospital (or a party of its intake route) hands in a patient's request,
 * a certified producer's call centre hands one to the hospital, the hospital identifies the patient, each
 * hop confirms blind, and the hospital follows each of its requests. Commands carry a
 * {@code clientRequestId}; a retry with the same id does nothing twice.
 */
@RestController
public class IntakeController {

  private static final int MAX_SIZE = 200;

  private final IntakeDoor door;
  private final IntakeService intakes;
  private final IntakeTasks tasks;
  private final CurrentActor actor;
  private final ClientRequests clientRequests;
  private final PartyDirectory directory;

  public IntakeController(IntakeDoor door, IntakeService intakes, IntakeTasks tasks, CurrentActor actor,
      ClientRequests clientRequests, PartyDirectory directory) {
    this.directory = directory;
    this.door = door;
    this.intakes = intakes;
    this.tasks = tasks;
    this.actor = actor;
    this.clientRequests = clientRequests;
  }

  /** {@code hospitalId}: the caller's own hospital when absent. */
  public record IntakeCommand(String clientRequestId, String hospitalId, String patientKey, String kind,
      LocalDate receivedOn) {}

  /**
   * Where a request stands after a command: in intake ({@code intakeId}, 202), or, for an opt-out the
   * ledger held already, its entry ({@code alreadyRecorded}, 200).
   */
  public record Admitted(Long intakeId, String hospitalId, String state, boolean alreadyInIntake,
      boolean alreadyRecorded, Long ledgerEntryId, String follow) {}

  @PostMapping("/api/intake")
  public ResponseEntity<Object> admit(@RequestBody IntakeCommand request) {
    Actor caller = actor.requireParty();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "intake.admit", request, () -> {
      String hospital = request.hospitalId() == null ? caller.partyId() : request.hospitalId();
      var outcome = door.admit(new NewLedgerEntry(hospital, new PatientKey(request.patientKey()),
          kind(request.kind()), request.receivedOn(), null, null), caller);
      if (outcome.recorded() != null) {
        var entry = outcome.recorded().entry();
        return ResponseEntity.ok(new Admitted(null, entry.hospitalId(), IntakeState.RECORDED.name(), false, true,
            entry.id(), null));
      }
      return accepted(outcome.accepted());
    });
  }

  /** {@code reference}: the call centre's own number for the request, never a name or a patient number. */
  public record CallCentreCommand(String clientRequestId, String hospitalId, String reference, String kind,
      LocalDate receivedOn) {}

  @PostMapping("/api/intake/call-centre")
  public ResponseEntity<Object> fromCallCentre(@RequestBody CallCentreCommand request) {
    Actor caller = actor.requireParty();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "intake.call-centre", request,
        () -> accepted(door.admitFromCallCentre(request.hospitalId(), request.reference(), kind(request.kind()),
            request.receivedOn(), caller)));
  }

  private static ResponseEntity<Object> accepted(OptOutIntake.Accepted accepted) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(accepted.location()))
        .body(new Admitted(accepted.intakeId(), accepted.hospitalId(), accepted.state(), accepted.alreadyInIntake(),
            false, null, accepted.location()));
  }

  /** {@code patientNotFound}: no patient matches the call centre's reference (then no key). */
  public record IdentificationCommand(String clientRequestId, String patientKey, Boolean patientNotFound) {}

  /** The hospital enters the key of the patient of a call centre's request, or says that none matches. */
  @PostMapping("/api/intake/{id}/identification")
  public ResponseEntity<Object> identify(@PathVariable long id, @RequestBody IdentificationCommand request) {
    Actor caller = actor.requireParty();
    IntakeRequest intake = involving(caller, id);
    return answered(caller, id, clientRequests.once(request.clientRequestId(), caller.userId(), "intake.identify:" + id, request, () -> {
      Map<String, Object> fields = new HashMap<>();
      fields.put(IntakeVariables.PATIENT_KEY, request.patientKey());
      fields.put(IntakeVariables.PATIENT_NOT_FOUND, request.patientNotFound());
      tasks.complete(intake, "患者の特定 / the hospital's identification of the patient", fields,
          ProcessKeys.TASK_IDENTIFY_PATIENT);
      return ResponseEntity.ok(view(caller, intakes.find(id).orElseThrow()));
    }));
  }

  /** A hop's blind statement: the first 8 hex digits of the key it holds and the day the request was received. */
  public record ConfirmationCommand(String clientRequestId, String keyPrefix, LocalDate receivedOn) {}

  @PostMapping("/api/intake/{id}/confirmation")
  public ResponseEntity<Object> confirm(@PathVariable long id, @RequestBody ConfirmationCommand request) {
    Actor caller = actor.requireParty();
    IntakeRequest intake = involving(caller, id);
    return answered(caller, id, clientRequests.once(request.clientRequestId(), caller.userId(), "intake.confirm:" + id, request, () -> {
      Map<String, Object> fields = new HashMap<>();
      fields.put(HopStatement.KEY_PREFIX, request.keyPrefix());
      fields.put(HopStatement.RECEIVED_ON, request.receivedOn() == null ? null : request.receivedOn().toString());
      tasks.complete(intake, "受付経路の確認 / a hop's confirmation", fields, ProcessKeys.TASK_CONFIRM_INTAKE_HOP,
          ProcessKeys.TASK_RECHECK_INTAKE_HOP);
      return ResponseEntity.ok(view(caller, intakes.find(id).orElseThrow()));
    }));
  }

  /** Committed, and the check that followed has run: the caller sees the request as it stands now. */
  private ResponseEntity<Object> answered(Actor caller, long id, ResponseEntity<Object> answer) {
    return ClientRequests.isReplay(answer) ? answer : ResponseEntity.ok(view(caller, intakes.find(id).orElseThrow()));
  }

  public record Page(long total, int page, int size, List<IntakeView> items) {}

  /** A hospital's own requests, newest first (overseers: any hospital's). */
  @GetMapping("/api/intake")
  public Page list(@RequestParam(required = false) String hospitalId, @RequestParam(required = false) String state,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    Actor caller = actor.require();
    String hospital = hospitalId == null || hospitalId.isEmpty() ? caller.partyId() : hospitalId;
    if (hospital == null || !(caller.isAdministrator() || caller.isRegulator() || caller.actsFor(hospital))) {
      throw Rejected.forbidden("受付の一覧を読めるのは病院自身だけです（監督者・管理者はどの病院も）",
          "a hospital reads its own requests in intake only (overseers and administrators any hospital's)");
    }
    intakes.routeOf(hospital);
    if (page < 0 || page > 100_000 || size < 1 || size > MAX_SIZE) {
      throw Rejected.invalid("size", "page は0以上、size は1～" + MAX_SIZE + "で指定してください", "page from 0, size 1 to " + MAX_SIZE);
    }
    IntakeState chosen = state(state);
    return new Page(intakes.countOfHospital(hospital, chosen), page, size,
        intakes.ofHospital(hospital, chosen, page, size).stream().map(request -> view(caller, request)).toList());
  }

  @GetMapping("/api/intake/{id}")
  public IntakeView find(@PathVariable long id) {
    Actor caller = actor.require();
    return view(caller, involving(caller, id));
  }

  public record OpenTasks(String partyId, List<IntakeTasks.OpenTask> tasks) {}

  /** The caller's party's open intake tasks, oldest due first: which request each is for. */
  @GetMapping("/api/intake/tasks")
  public OpenTasks openTasks(@RequestParam(defaultValue = "0") int first, @RequestParam(defaultValue = "100") int max) {
    if (first < 0 || max < 1 || max > 1000) {
      throw Rejected.invalid("max", "first は0以上、max は1以上1000以下で指定してください", "page with first >= 0 and 1 <= max <= 1000");
    }
    Actor caller = actor.require();
    return new OpenTasks(caller.partyId(), tasks.openTasks(caller, first, max).stream().map(task -> {
      IntakeRequest request = intakes.ofProcessInstance(task.getProcessInstanceId());
      return new IntakeTasks.OpenTask(task.getId(), task.getTaskDefinitionKey(), task.getName(), request.id(),
          request.hospitalId(), task.getCreateTime().toInstant(),
          task.getDueDate() == null ? null : task.getDueDate().toInstant());
    }).toList());
  }

  /**
   * A request as the caller may see it. The hospital and overseers see everything; the call centre that
   * handed it in sees no key; a hop of the route sees neither the key nor the day received, which it states blind.
   */
  public record IntakeView(long id, String hospitalId, String enteredAtParty, String enteredAtPartyName,
      String callCentreReference,
      String patientKey, String kind, LocalDate receivedOn, String state, String stateDescribed, Integer currentHop,
      String hopParty, String hopPartyName, List<String> route, Instant dueAt, Long ledgerEntryId, Instant createdAt, Instant recordedAt,
      List<StatementView> statements, List<IntakeRepository.EscalationView> escalations) {}

  /** A hop's statement as the hospital and overseers see it: whether it agreed, never a hop's figures to another hop. */
  public record StatementView(int hop, String party, boolean keyAgrees, boolean dateAgrees, String confirmedBy,
      Instant confirmedAt) {}

  private IntakeView view(Actor caller, IntakeRequest request) {
    boolean full = caller.isAdministrator() || caller.isRegulator() || caller.actsFor(request.hospitalId());
    boolean enteredIt = caller.actsFor(request.enteredAtParty());
    boolean knowsTheDay = full || enteredIt;
    return new IntakeView(request.id(), request.hospitalId(), request.enteredAtParty(), name(request.enteredAtParty()),
        knowsTheDay ? request.callCentreReference() : null,
        full || (enteredIt && request.callCentreReference() == null) ? request.patientKey() : null,
        request.kind().name(), knowsTheDay ? request.receivedOn() : null, request.state().name(),
        request.state().described(), request.currentHop(), request.hopParty(), name(request.hopParty()), request.route(), request.dueAt(),
        request.ledgerEntryId(), request.createdAt(), request.recordedAt(),
        full ? intakes.confirmations(request.id()).stream().map(c -> new StatementView(c.position(), c.partyId(),
            c.keyAgrees(), c.dateAgrees(), c.confirmedBy(), c.confirmedAt())).toList() : List.of(),
        full ? intakes.escalations(request.id()) : List.of());
  }

  private String name(String partyId) {
    return partyId == null ? null : directory.party(partyId).map(Party::name).orElse(partyId);
  }

  /** A request the caller takes part in: its hospital, the party that handed it in, a hop of its route, or an overseer. */
  private IntakeRequest involving(Actor caller, long id) {
    return intakes.find(id).filter(request -> caller.isAdministrator() || caller.isRegulator()
            || (caller.partyId() != null && (caller.actsFor(request.hospitalId())
                || caller.actsFor(request.enteredAtParty()) || request.route().contains(caller.partyId()))))
        .orElseThrow(() -> Rejected.notFound(caller.userId() + " から見える受付 " + id + " はありません",
            "no request " + id + " in intake is visible to " + caller.userId()));
  }

  private static IntakeState state(String state) {
    if (state == null || state.isEmpty()) {
      return null;
    }
    try {
      return IntakeState.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw Rejected.invalid("state", "state は IDENTIFYING、CONFIRMING、RECHECKING、RECORDED、NOT_IDENTIFIED のいずれかです",
          "state is IDENTIFYING, CONFIRMING, RECHECKING, RECORDED or NOT_IDENTIFIED");
    }
  }

  private static OptOutKind kind(String kind) {
    try {
      return OptOutKind.valueOf(kind);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Rejected.invalid("kind", "種別は提供停止 (STOP_PROVISION) または削除 (DELETE) です。受け取った値: '"
          + Rejected.shown(kind) + "'", "kind is STOP_PROVISION or DELETE; got '" + Rejected.shown(kind) + "'");
    }
  }
}
