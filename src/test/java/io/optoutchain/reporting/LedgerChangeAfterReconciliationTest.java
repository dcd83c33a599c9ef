package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.release.GateDecision;
import io.optoutchain.release.ProvisionGate;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A ledger change for a month already reconciled reopens that month at once, and closes the gate. */
class LedgerChangeAfterReconciliationTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final LocalDate DECEMBER_CUTOFF = LocalDate.of(2024, 12, 31);

  @Autowired ProvisionGate gate;

  private void reconcileDecember() {
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));
    start(DECEMBER);
    reconcileAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(gate.evaluate("jmimo", DECEMBER_CUTOFF, List.of(HOSPITAL)).decision())
        .isEqualTo(GateDecision.Decision.OPEN);
  }

  @Test
  void aLateEntryReopensTheReconciledMonthAndClosesTheGateUntilTheChainHasItToo() {
    reconcileDecember();

    recordOptOut(HOSPITAL, patientKey("late"), LocalDate.of(2024, 12, 20));

    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);
    assertThat(gate.evaluate("jmimo", DECEMBER_CUTOFF, List.of(HOSPITAL)).decision())
        .isEqualTo(GateDecision.Decision.CLOSED);
    assertThat(discrepancies(DECEMBER)).filteredOn(d -> d.resolvedAt() == null).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("LEDGER_CHANGED_AFTER_RECONCILIATION");
      assertThat(d.responsibleParty()).isEqualTo("nttdata");
    });
    var reopened = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(HOSPITAL + ":" + DECEMBER + ":jmimo")
        .singleResult();
    BpmnAwareTests.assertThat(reopened).isWaitingAt(ProcessKeys.TASK_RECONCILE_DISCREPANCY);
    BpmnAwareTests.assertThat(BpmnAwareTests.task(reopened)).hasCandidateGroup("nttdata-operators");

    // The keeper sends the month again; the hospital's count no longer agrees, so it corrects it.
    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "late request recorded", null, null);
    assertThat(currentReport(DECEMBER).totalCount()).isEqualTo(2);
    resolve(HOSPITAL_OPERATOR, DECEMBER, Resolution.CORRECTED_DECLARATION, "the late request counted", 2, null);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(gate.evaluate("jmimo", DECEMBER_CUTOFF, List.of(HOSPITAL)).decision())
        .isEqualTo(GateDecision.Decision.OPEN);
  }

  @Test
  void aCorrectionMovingARequestOutOfAReconciledMonthReopensItToo() {
    reconcileDecember();
    long entry = jdbc.queryForObject("select id from optout.ledger_entry", Long.class);

    as(KEEPER_OPERATOR, () -> ledger.record(new NewLedgerEntry(HOSPITAL, new PatientKey(patientKey("1")),
        OptOutKind.STOP_PROVISION, LocalDate.of(2025, 1, 2), entry, "received in January, not December"),
        currentActor.requireParty()));

    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);
    assertThat(gate.evaluate("jmimo", DECEMBER_CUTOFF, List.of(HOSPITAL)).decision())
        .isEqualTo(GateDecision.Decision.CLOSED);
  }

  @Test
  void aLateEntryForAMonthStillInItsReportReopensNothing() {
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));
    start(DECEMBER);
    declare(DECEMBER, 1, null);

    recordOptOut(HOSPITAL, patientKey("late"), LocalDate.of(2024, 12, 20));

    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.OPEN);
    assertThat(discrepancies(DECEMBER)).isEmpty();
  }
}
