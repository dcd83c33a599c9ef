package io.optoutchain.ledger;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.web.ClientRequests;
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

  private final LedgerService ledger;
  private final CurrentActor actor;
  private final ClientRequests clientRequests;

  public LedgerController(LedgerService ledger, CurrentActor actor, ClientRequests clientRequests) {
    this.ledger = ledger;
    this.actor = actor;
    this.clientRequests = clientRequests;
  }

  public record RecordEntryRequest(String clientRequestId, String hospitalId, String patientKey, String kind,
      LocalDate receivedOn, Long correctsEntryId, String reason) {}

  /** {@code alreadyRecorded}: this opt-out was recorded before, as entry {@code entryId}; nothing was added. */
  public record EntryRecorded(long entryId, String hospitalId, String period, Instant recordedAt, String recordedBy,
      Long correctsEntryId, boolean alreadyRecorded) {}

  /** Records an opt-out, or a correction of an earlier entry. */
  @PostMapping("/entries")
  public ResponseEntity<Object> record(@RequestBody RecordEntryRequest request) {
    var caller = actor.requireParty();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "ledger.record", request, () -> {
      var recorded = ledger.recordOnce(new NewLedgerEntry(request.hospitalId(), new PatientKey(request.patientKey()),
          kind(request.kind()), request.receivedOn(), request.correctsEntryId(), request.reason()), caller);
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
