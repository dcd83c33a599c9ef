package io.optoutchain.intake.process;

import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.ledger.LedgerService;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutIntake;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.party.Actor;
import io.optoutchain.error.Rejected;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a new opt-out comes in, whichever door a party's system uses ({@code POST /api/ledger/entries},
 * {@code POST /fhir/Consent}, {@code POST /api/intake}): the hospital's ledger keeper records straight in
 * the ledger (as does a hospital configured with no intake route); the hospital and the other parties of
 * its intake route start an intake, whose process is started in the same transaction.
 */
@Component
public class IntakeDoor implements OptOutIntake {

  private final IntakeService intakes;
  private final LedgerService ledger;
  private final IntakeStarter starter;

  public IntakeDoor(IntakeService intakes, LedgerService ledger, IntakeStarter starter) {
    this.intakes = intakes;
    this.ledger = ledger;
    this.starter = starter;
  }

  @Override
  @Transactional
  public Outcome receive(NewLedgerEntry entry, Actor actor) {
    var route = intakes.routeOf(entry.hospitalId());
    if (route.isEmpty() || intakes.keepsTheLedger(route, actor)) {
      return Outcome.recorded(ledger.recordOnce(entry, actor));
    }
    return admit(entry, actor);
  }

  /** Takes a new opt-out into intake; the ledger keeper records instead ({@link #receive}). */
  @Transactional
  public Outcome admit(NewLedgerEntry entry, Actor actor) {
    var route = intakes.routeOf(entry.hospitalId());
    if (route.isEmpty()) {
      throw Rejected.conflict(entry.hospitalId() + " には受付経路が設定されていません。台帳へ直接記録してください",
          entry.hospitalId() + " has no intake route configured; record in the ledger directly");
    }
    if (intakes.keepsTheLedger(route, actor)) {
      throw Rejected.forbidden("台帳管理者は受付を経ずに台帳へ直接記録します (POST /api/ledger/entries)",
          "the ledger keeper records in the ledger directly (POST /api/ledger/entries), not through intake");
    }
    var admission = intakes.admit(entry, route, actor);
    if (admission.alreadyRecorded() != null) {
      return Outcome.recorded(new LedgerService.Recorded(admission.alreadyRecorded(), true));
    }
    return Outcome.accepted(started(admission));
  }

  /** A certified producer's call centre hands a request to the hospital, which identifies the patient. */
  @Transactional
  public Accepted admitFromCallCentre(String hospitalId, String reference, OptOutKind kind, LocalDate receivedOn,
      Actor actor) {
    return started(intakes.admitFromCallCentre(hospitalId, reference, kind, receivedOn, actor));
  }

  private Accepted started(IntakeService.Admission admission) {
    IntakeRequest request = admission.request();
    if (!admission.alreadyInIntake()) {
      starter.start(request.id());
      request = intakes.find(request.id()).orElseThrow();
    }
    return new Accepted(request.id(), request.hospitalId(), request.state().name(), admission.alreadyInIntake());
  }
}
