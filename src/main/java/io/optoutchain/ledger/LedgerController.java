package io.optoutchain.ledger;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.web.ClientRequests;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/ledger")
public class LedgerController {

  private final OptOutIntake intake;
  private final CurrentActor actor;
  private final ClientRequests clientRequests;

  public LedgerController(OptOutIntake intake, CurrentActor actor, ClientRequests clientRequests) {
    this.intake = intake;
    this.actor = actor;
    this.clientRequests = clientRequests;
  }

  public record RecordEntryRequest(String clientRequestId, String hospitalId, String patientKey, String kind,
      LocalDate receivedOn, Long correctsEntryId, String reason) {}

  /** {@code alreadyRecorded}: this opt-out was recorded before, as entry {@code entryId}; nothing was added. */
  public record EntryRecorded(long entryId, String hospitalId, String period, Instant recordedAt, String recordedBy,
      Long correctsEntryId, boolean alreadyRecorded) {}

  /**
   * A new opt-out accepted into intake (202): it reaches the ledger once every hop of the intake route has
   * confirmed it; {@code follow} is where its state is read.
   */
  public record EntryInIntake(long intakeId, String hospitalId, String state, boolean alreadyInIntake,
      String follow) {}

  /**
   * Records an opt-out, or a correction of an earlier entry, when the ledger keeper sends it. A new opt-out
   * from the hospital, or from another party of its intake route, enters the intake instead (202 Accepted,
   * Location of the request in intake); corrections are the keeper's.
   */
  @PostMapping("/entries")
  public ResponseEntity<Object> record(@RequestBody RecordEntryRequest request) {
    var caller = actor.requireParty();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "ledger.record", request, () -> {
      var outcome = intake.receive(new NewLedgerEntry(request.hospitalId(), new PatientKey(request.patientKey()),
          kind(request.kind()), request.receivedOn(), request.correctsEntryId(), request.reason()), caller);
      if (outcome.accepted() != null) {
        var accepted = outcome.accepted();
        return ResponseEntity.accepted().location(URI.create(accepted.location()))
            .body(new EntryInIntake(accepted.intakeId(), accepted.hospitalId(), accepted.state(),
                accepted.alreadyInIntake(), accepted.location()));
      }
      var recorded = outcome.recorded();
      LedgerEntry entry = recorded.entry();
      return ResponseEntity.status(recorded.alreadyRecorded() ? HttpStatus.OK : HttpStatus.CREATED)
          .body(new EntryRecorded(entry.id(), entry.hospitalId(), entry.period().label(), entry.recordedAt(),
              entry.recordedBy(), entry.correctsEntryId(), recorded.alreadyRecorded()));
    });
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
