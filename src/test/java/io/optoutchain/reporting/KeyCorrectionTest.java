package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.release.GateDecision;
import io.optoutchain.release.ProvisionGate;
import io.optoutchain.reporting.process.ReportVariables;
import io.optoutchain.support.ReportingTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A key corrected after it was delivered: the chain compares key sets, not counts, so equal totals
 * of different patients never reconcile; the correction travels down the chain as a withdrawal of
 * the wrong key and the right key, and clears the drift when it is acknowledged.
 */
class KeyCorrectionTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String JANUARY = "2025-01";
  private static final PatientKey TYPED = new PatientKey(patientKey("typed wrongly"));
  private static final PatientKey RIGHT = new PatientKey(patientKey("the right key"));

  @Autowired ProvisionGate gate;

  private long reconcileDecemberWithTheWrongKey() {
    long entry = recordOptOut(HOSPITAL, TYPED.value(), LocalDate.of(2024, 12, 9));
    start(DECEMBER);
    reconcileAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    return entry;
  }

  private void correctTheKey(long entry) {
    as(KEEPER_OPERATOR, () -> ledger.record(new NewLedgerEntry(HOSPITAL, RIGHT, OptOutKind.STOP_PROVISION,
        LocalDate.of(2024, 12, 9), entry, "the key was typed wrongly"), currentActor.requireParty()));
  }

  /** December was declared with the digest of the key as first recorded; the hospital re-declares. */
  private void hospitalDeclaresTheRightKey() {
    assertThat(discrepancies(DECEMBER)).filteredOn(d -> d.resolvedAt() == null).singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo("DECLARATION_DIFFERS_FROM_LEDGER"));
    resolve(HOSPITAL_OPERATOR, DECEMBER, Resolution.CORRECTED_DECLARATION, "the key was typed wrongly", 1, null);
  }

  private Set<PatientKey> heldByJmimoThrough(String period) {
    return reportRepository.recipientKeysThrough(ref(period), ReportingPeriod.parse(period));
  }

  @Test
  void aCorrectedKeyTravelsAsAWithdrawalAndTheRightKeyAndClearsTheDrift() {
    correctTheKey(reconcileDecemberWithTheWrongKey());
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);

    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "the key was typed wrongly", null, null);

    ReportManifest resent = reports.manifestOf(ref(DECEMBER), currentReport(DECEMBER));
    assertThat(resent.periodKeys()).containsExactly(RIGHT);
    assertThat(resent.withdrawnKeys()).containsExactly(TYPED);
    hospitalDeclaresTheRightKey();
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(heldByJmimoThrough(DECEMBER)).containsExactly(RIGHT);
  }

  @Test
  void equalTotalsOfDifferentPatientsDoNotReconcileAndTheGateStaysClosedUntilTheRightKeyArrives() {
    correctTheKey(reconcileDecemberWithTheWrongKey());
    moveClockTo(Instant.parse("2025-02-05T00:00:00Z"));
    start(JANUARY);
    declare(JANUARY, 0, true);

    // January's report carries the correction: the right key late, the wrong one withdrawn.
    sendCompiledReport(JANUARY);
    ReportManifest january = reports.manifestOf(ref(JANUARY), currentReport(JANUARY));
    assertThat(january.supplementKeys()).containsExactly(RIGHT);
    assertThat(january.withdrawnKeys()).containsExactly(TYPED);
    acknowledgeWhatWasSent(LDI_OPERATOR, JANUARY);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, JANUARY);
    confirmAppliedAsTheLedgerHasIt(JANUARY);
    assertThat(heldByJmimoThrough(JANUARY)).containsExactly(RIGHT);
    assertThat(status(JANUARY)).isEqualTo(PeriodStatus.RECONCILED);

    // December, reopened by the correction, keeps the gate closed until it is sent again.
    var cutoff = LocalDate.of(2025, 1, 31);
    assertThat(gate.evaluate("jmimo", cutoff, List.of(HOSPITAL)).blocking())
        .extracting(b -> b.period() + " " + b.status()).containsExactly("2024-12 ESCALATED");
    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "the key was typed wrongly", null, null);
    hospitalDeclaresTheRightKey();
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(heldByJmimoThrough(DECEMBER)).containsExactly(RIGHT);
    assertThat(gate.evaluate("jmimo", cutoff, List.of(HOSPITAL)).decision()).isEqualTo(GateDecision.Decision.OPEN);
  }

  @Test
  void aRecipientHoldingACorrectedAwayKeyIsADriftEvenWhenTheCountsAgree() {
    correctTheKey(reconcileDecemberWithTheWrongKey());
    // The keeper's own system sends December again with the right key but withdraws nothing.
    resolveWithOwnManifest();

    assertThat(discrepancies(DECEMBER)).filteredOn(d -> d.resolvedAt() == null).singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo("REPORT_DIFFERS_FROM_LEDGER"));
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);
  }

  private void resolveWithOwnManifest() {
    as(KEEPER_OPERATOR, () -> {
      reports.submitManifest(ref(DECEMBER), manifest(DECEMBER, List.of(RIGHT.value()), List.of()),
          currentActor.requireParty());
      tasks.complete(ref(DECEMBER), ProcessKeys.TASK_RECONCILE_DISCREPANCY,
          Map.of(ReportVariables.RESOLUTION, "CORRECTED_REPORT",
              ReportVariables.RESOLUTION_REASON, "resent from our system"));
    });
  }

}
