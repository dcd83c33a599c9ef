package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.reporting.process.PeriodCloser;
import io.optoutchain.reporting.process.ReportVariables;
import io.optoutchain.support.ReportingTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MonthlyReportProcessTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String JANUARY = "2025-01";

  @Autowired PeriodCloser periodCloser;

  @Test
  void cleanMonthIsReconciledOnceEveryHopAgrees() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    recordOptOut(HOSPITAL, patientKey("b"), LocalDate.of(2024, 12, 27));
    ProcessInstance report = start(DECEMBER);

    declare(DECEMBER, 2, false);
    sendCompiledReport(DECEMBER);
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_AcknowledgeHop");
    BpmnAwareTests.assertThat(task(report)).hasCandidateGroup("ldi-operators");
    assertReceiverCannotSeeTheSendersFigures(report);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    BpmnAwareTests.assertThat(task(report)).hasCandidateGroup("jmimo-operators");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    BpmnAwareTests.assertThat(report).isEnded().hasPassed("Task_CheckCumulativeTotals", "Task_ConfirmApplied",
        "Task_CheckAppliedConfirmation", "EndEvent_PeriodReconciled");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(currentReport(DECEMBER).totalCount()).isEqualTo(2);
    assertThat(discrepancies(DECEMBER)).isEmpty();
  }

  /** Blind acknowledgement: nothing the receiver's task can read holds the sent count or digest. */
  private void assertReceiverCannotSeeTheSendersFigures(ProcessInstance report) {
    String digest = currentReport(DECEMBER).digest();
    var visible = taskService.getVariables(task(report).getId());
    assertThat(visible.keySet()).isSubsetOf(ReportVariables.HOSPITAL_ID, ReportVariables.PERIOD,
        ReportVariables.FINAL_RECIPIENT, ReportVariables.HOP_INDEX, ReportVariables.HOP_SENDER, ReportVariables.HOP_RECEIVER,
        ReportVariables.REPORT_AGREES, ReportVariables.ACKNOWLEDGEMENT_OUTCOME, ReportVariables.DUE_ON);
    assertThat(visible.values()).noneMatch(value -> String.valueOf(value).contains(digest.substring(0, 8)));
  }

  @Test
  void nilReturnIsAnExplicitAttestationNeverADefault() {
    ProcessInstance report = start(DECEMBER);

    assertThatThrownBy(() -> declare(DECEMBER, null, null)).rootCause().hasMessageContaining(
        "the number of distinct patients who opted out with the hospital in the period is required; there is no default");
    assertThatThrownBy(() -> declare(DECEMBER, 0, false))
        .rootCause().isInstanceOf(Rejected.class).hasMessageContaining("attest it explicitly");
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_DeclareCount");

    declare(DECEMBER, 0, true);
    sendCompiledReport(DECEMBER);
    assertThat(currentReport(DECEMBER).totalCount()).isZero();
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    BpmnAwareTests.assertThat(report).hasPassed("EndEvent_PeriodReconciled");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void decemberReportFiledWithJanuaryFiguresIsCaughtAtTheFirstComparisonAndEscalated() {
    // The seed's incident: received by the hospital on 2024-12-09, entered in the ledger in January.
    moveClockTo(Instant.parse("2025-01-05T01:00:00Z"));
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);

    // The keeper's own system sends January's figures under December's label: 0 persons.
    sendOwnManifest(DECEMBER, List.of(), List.of());

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy").hasNotPassed("Task_AcknowledgeHop");
    BpmnAwareTests.assertThat(task(report)).hasCandidateGroup("nttdata-operators");
    var discrepancy = discrepancies(DECEMBER).get(0);
    assertThat(discrepancy.kind()).isEqualTo("REPORT_DIFFERS_FROM_LEDGER");
    assertThat(discrepancy.responsibleParty()).isEqualTo("nttdata");
    assertThat(discrepancy.expected()).isEqualTo(1);
    assertThat(discrepancy.actual()).isZero();
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);

    // Opened on Sunday 5 January, 10:00 in Tokyo; escalations count business days.
    Instant toSupervisors = timerDue(report.getId(), "Timer_EscalateToSupervisors");
    assertThat(toSupervisors).isEqualTo(Instant.parse("2025-01-07T01:00:00Z"));
    moveClockTo(toSupervisors.minusSeconds(60));
    assertThat(escalations(DECEMBER)).isEmpty();

    moveClockTo(toSupervisors.plusSeconds(1));
    assertThat(escalations(DECEMBER)).extracting(e -> e.level() + " " + e.escalatedTo())
        .containsExactly("SUPERVISORS nttdata-supervisors");
    assertFollowedNotTakenBy(task("Task_ReconcileDiscrepancy", report), "nttdata-supervisors");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);

    // Seven business days: 13 January is Coming of Age Day.
    Instant toCompliance = timerDue(report.getId(), "Timer_EscalateToComplianceOfficer");
    assertThat(toCompliance).isEqualTo(Instant.parse("2025-01-15T01:00:00Z"));
    moveClockTo(toCompliance.plusSeconds(1));
    assertThat(escalations(DECEMBER)).extracting(e -> e.level() + " " + e.escalatedTo())
        .containsExactly("SUPERVISORS nttdata-supervisors", "COMPLIANCE jmimo-compliance");
    assertFollowedNotTakenBy(task("Task_ReconcileDiscrepancy", report), "jmimo-compliance");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.ESCALATED);
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy").hasNotPassed("EndEvent_PeriodReconciled");
  }

  @Test
  void keepersCorrectedReportGetsANewDigestAndEveryHopAcknowledgesIt() {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendOwnManifest(DECEMBER, List.of(), List.of());
    String wrongDigest = currentReport(DECEMBER).digest();

    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "sent January's file by mistake", null, null);

    SentReport corrected = currentReport(DECEMBER);
    assertThat(corrected.version()).isEqualTo(3);
    assertThat(corrected.digest()).isNotEqualTo(wrongDigest);
    assertThat(corrected.totalCount()).isEqualTo(1);
    BpmnAwareTests.assertThat(task(report)).hasDefinitionKey("Task_AcknowledgeHop").hasCandidateGroup("ldi-operators");
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(discrepancies(DECEMBER)).singleElement()
        .satisfies(d -> assertThat(d.resolution()).isEqualTo("CORRECTED_REPORT"))
        .satisfies(d -> assertThat(d.resolutionReason()).isEqualTo("sent January's file by mistake"));
  }

  @Test
  void reportNamingAPatientReceivedInAnotherMonthIsFlagged() {
    recordOptOut(HOSPITAL, patientKey("december"), LocalDate.of(2024, 12, 20));
    recordOptOut(HOSPITAL, patientKey("january"), LocalDate.of(2025, 1, 3));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);

    sendOwnManifest(DECEMBER, List.of(patientKey("december"), patientKey("january")), List.of());

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
    assertThat(discrepancies(DECEMBER)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("ENTRY_OUTSIDE_PERIOD");
      assertThat(d.actual()).isEqualTo(1);
      assertThat(d.responsibleParty()).isEqualTo("nttdata");
    });
  }

  @Test
  void missingAcknowledgementPastItsDueDateEscalates() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendCompiledReport(DECEMBER);
    Instant due = task(report).getDueDate().toInstant();
    assertThat(due).isEqualTo(START.plus(Duration.ofDays(3)));

    moveClockTo(due.plusSeconds(1));
    assertThat(escalations(DECEMBER)).singleElement().satisfies(e -> {
      assertThat(e.level()).isEqualTo(EscalationLevel.SUPERVISORS);
      assertThat(e.escalatedTo()).isEqualTo("ldi-supervisors");
      assertThat(e.cause()).isEqualTo("OVERDUE_ACKNOWLEDGEMENT");
    });
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_AcknowledgeHop");

    // Five business days past the due date of Thursday 9 January, Monday the 13th being a holiday.
    Instant toCompliance = timerDue(report.getId(), "Timer_AcknowledgementLongOverdue");
    assertThat(toCompliance).isEqualTo(Instant.parse("2025-01-17T00:00:00Z"));
    moveClockTo(toCompliance.plusSeconds(1));
    assertThat(escalations(DECEMBER)).extracting(e -> e.level() + " " + e.escalatedTo())
        .containsExactly("SUPERVISORS ldi-supervisors", "COMPLIANCE jmimo-compliance");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.ESCALATED);

    // Late is not lost: once the acknowledgement arrives and agrees, the month reconciles.
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void overdueDeclarationEscalatesToTheHospitalsSupervisors() {
    ProcessInstance report = start(DECEMBER);
    Instant due = task(report).getDueDate().toInstant();
    assertThat(due).isEqualTo(Instant.parse("2025-01-14T00:00:00Z")); // five business days, the 13th a holiday

    moveClockTo(due.minusSeconds(1));
    assertThat(escalations(DECEMBER)).isEmpty();
    moveClockTo(due.plusSeconds(1));

    assertThat(escalations(DECEMBER)).extracting(e -> e.escalatedTo() + " " + e.cause())
        .containsExactly("hospital-a-supervisors OVERDUE_DECLARATION");
    assertFollowedNotTakenBy(task("Task_DeclareCount", report), "hospital-a-supervisors");
  }

  @Test
  void escalationAcrossTheNewYearHolidaysCountsOnlyBusinessDays() {
    // Friday 26 December 2025, 10:00 in Tokyo: November's declaration disagrees with the ledger.
    moveClockTo(Instant.parse("2025-12-26T01:00:00Z"));
    ProcessInstance report = start("2025-11");
    declare("2025-11", 1, false);
    sendCompiledReport("2025-11");
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");

    // 27 Dec - 4 Jan: a weekend, the year-end closure and a Sunday; then 5 and 6 January.
    assertThat(timerDue(report.getId(), "Timer_EscalateToSupervisors")).isEqualTo(Instant.parse("2026-01-06T01:00:00Z"));
    assertThat(task(report).getDueDate().toInstant()).isEqualTo(Instant.parse("2026-01-06T01:00:00Z"));
    // Seven business days: 12 January is Coming of Age Day.
    assertThat(timerDue(report.getId(), "Timer_EscalateToComplianceOfficer"))
        .isEqualTo(Instant.parse("2026-01-14T01:00:00Z"));

    moveClockTo(Instant.parse("2026-01-05T23:59:00Z"));
    assertThat(escalations("2025-11")).isEmpty();
    moveClockTo(Instant.parse("2026-01-06T01:00:01Z"));
    assertThat(escalations("2025-11")).extracting(e -> e.escalatedTo()).containsExactly("hospital-a-supervisors");
  }

  /** December with one opt-out, declared and sent: waiting for LDI's acknowledgement. */
  private ProcessInstance decemberSentWithOnePatient() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendCompiledReport(DECEMBER);
    return report;
  }

  @Test
  void aReceiversTypoIsFixedByTheReceiverAndNeverChargedToTheSender() {
    ProcessInstance report = decemberSentWithOnePatient();
    String prefix = currentReport(DECEMBER).digest().substring(0, 8);

    // LDI types 2 instead of 1: LDI, not NTT Data, is asked to count again, told only that it disagrees.
    acknowledge(LDI_OPERATOR, DECEMBER, 2, prefix);

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_RecheckAcknowledgement");
    BpmnAwareTests.assertThat(task(report)).hasCandidateGroup("ldi-operators");
    assertThat(discrepancies(DECEMBER)).isEmpty();
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.REPORTED);
    assertThat(jdbc.queryForObject("select actor_user || ' ' || payload from optout.audit_event"
        + " where event_type = 'ACKNOWLEDGEMENT_RECHECK_REQUESTED' order by id desc limit 1", String.class))
        .startsWith("system ").contains("\"receiver\":\"ldi\"").doesNotContain(prefix);
    assertReceiverCannotSeeTheSendersFigures(report);

    acknowledge(LDI_OPERATOR, DECEMBER, 1, prefix);

    BpmnAwareTests.assertThat(task(report)).hasDefinitionKey("Task_AcknowledgeHop").hasCandidateGroup("jmimo-operators");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(discrepancies(DECEMBER)).isEmpty();
  }

  @Test
  void aReceiverThatDisagreesTwiceIsAConfirmedDisagreementForTheSender() {
    ProcessInstance report = decemberSentWithOnePatient();

    acknowledgeAndConfirm(LDI_OPERATOR, DECEMBER, 0, currentReport(DECEMBER).digest().substring(0, 8));

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
    assertThat(discrepancies(DECEMBER)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("ACKNOWLEDGEMENT_DIFFERS");
      assertThat(d.responsibleParty()).isEqualTo("nttdata");
    });
  }

  @Test
  void aReCheckLeftUndoneEscalatesToTheReceiversSupervisors() {
    ProcessInstance report = decemberSentWithOnePatient();
    acknowledge(LDI_OPERATOR, DECEMBER, 2, currentReport(DECEMBER).digest().substring(0, 8));

    moveClockTo(timerDue(report.getId(), "Timer_RecheckOverdue").plusSeconds(1));

    assertThat(escalations(DECEMBER)).extracting(e -> e.escalatedTo() + " " + e.cause())
        .contains("ldi-supervisors OVERDUE_ACKNOWLEDGEMENT");
    assertFollowedNotTakenBy(task("Task_RecheckAcknowledgement", report), "ldi-supervisors");
  }

  @Test
  void correctedReportResumesFromTheHopWhereItDiverged() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendCompiledReport(DECEMBER);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);

    // LDI passed January's file on to J-MIMO, which counts 0.
    acknowledgeAndConfirm(JMIMO_OPERATOR, DECEMBER, 0, currentReport(DECEMBER).digest().substring(0, 8));

    assertThat(discrepancies(DECEMBER)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("ACKNOWLEDGEMENT_DIFFERS");
      assertThat(d.hop()).isEqualTo(2);
      assertThat(d.responsibleParty()).isEqualTo("ldi");
    });
    BpmnAwareTests.assertThat(task(report)).hasCandidateGroup("ldi-operators");

    resolve(LDI_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "forwarded the wrong month's file", null, null);

    // Hop 1 still stands: J-MIMO is asked again, LDI is not.
    BpmnAwareTests.assertThat(task(report)).hasDefinitionKey("Task_AcknowledgeHop").hasCandidateGroup("jmimo-operators");
    assertThat(variable(report, ReportVariables.HOP_INDEX)).isEqualTo(2);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    BpmnAwareTests.assertThat(report).hasPassed("EndEvent_PeriodReconciled");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(report.getId())
        .taskDefinitionKey("Task_AcknowledgeHop").taskHadCandidateGroup("ldi-operators").count()).isEqualTo(1);
  }

  @Test
  void hospitalCorrectsItsOwnDeclarationWithAReason() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 2, false);
    sendCompiledReport(DECEMBER);
    assertThat(discrepancies(DECEMBER)).singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo("DECLARATION_DIFFERS_FROM_LEDGER"))
        .satisfies(d -> assertThat(d.responsibleParty()).isEqualTo(HOSPITAL));

    assertThatThrownBy(() -> resolve(HOSPITAL_OPERATOR, DECEMBER, Resolution.CORRECTED_DECLARATION, " ", 1, false))
        .rootCause().hasMessageContaining("say why");
    resolve(HOSPITAL_OPERATOR, DECEMBER, Resolution.CORRECTED_DECLARATION, "counted a request withdrawn the same day", 1, false);

    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    BpmnAwareTests.assertThat(report).hasPassed("EndEvent_PeriodReconciled");
  }

  @Test
  void hospitalDeclaringTheRightCountOfOtherPatientsIsCaughtAndCorrectsItsDeclaration() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    ProcessInstance report = start(DECEMBER);
    String otherPatients = Declaration.digestPrefixOf(ReportingPeriod.parse(DECEMBER),
        List.of(new PatientKey(patientKey("not ours"))));

    declare(DECEMBER, 1, false, otherPatients);
    sendCompiledReport(DECEMBER);

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
    BpmnAwareTests.assertThat(task(report)).hasCandidateGroup("hospital-a-operators");
    assertThat(discrepancies(DECEMBER)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("DECLARATION_DIFFERS_FROM_LEDGER");
      assertThat(d.detail()).contains("keys").doesNotContain(patientKey("a")).doesNotContain(ledgerDigestPrefix(DECEMBER));
    });
    assertThatThrownBy(() -> resolve(HOSPITAL_OPERATOR, DECEMBER, Resolution.CORRECTED_DECLARATION,
        "digested the wrong list", 1, false, null))
        .rootCause().isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.field()).isEqualTo("digestPrefix"));

    resolve(HOSPITAL_OPERATOR, DECEMBER, Resolution.CORRECTED_DECLARATION, "digested the wrong list", 1, false);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    BpmnAwareTests.assertThat(report).hasPassed("EndEvent_PeriodReconciled");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void cumulativeDriftIsCaughtEvenWhenEveryMonthAgrees() {
    // December closes with nothing to report and reconciles.
    start(DECEMBER);
    declare(DECEMBER, 0, true);
    sendCompiledReport(DECEMBER);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);

    // In February, a December request surfaces late (December reopens); January has one of its own.
    moveClockTo(Instant.parse("2025-02-05T00:00:00Z"));
    recordOptOut(HOSPITAL, patientKey("late"), LocalDate.of(2024, 12, 20));
    recordOptOut(HOSPITAL, patientKey("january"), LocalDate.of(2025, 1, 10));
    ProcessInstance report = start(JANUARY);
    declare(JANUARY, 1, false);
    // January's own figures are right, but the late December key never travels.
    sendOwnManifest(JANUARY, List.of(patientKey("january")), List.of());
    acknowledgeWhatWasSent(LDI_OPERATOR, JANUARY);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, JANUARY);

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
    assertThat(discrepancies(JANUARY)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("CUMULATIVE_DRIFT");
      assertThat(d.expected()).isEqualTo(2);
      assertThat(d.actual()).isEqualTo(1);
      assertThat(d.responsibleParty()).isEqualTo("nttdata");
    });

    // The keeper's corrected report, compiled from the ledger, carries the late key as a supplement.
    resolve(KEEPER_OPERATOR, JANUARY, Resolution.CORRECTED_REPORT, "late December request added", null, null);
    assertThat(currentReport(JANUARY).supplementCount()).isEqualTo(1);
    acknowledgeWhatWasSent(LDI_OPERATOR, JANUARY);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, JANUARY);
    confirmAppliedAsTheLedgerHasIt(JANUARY);
    assertThat(status(JANUARY)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void secondStartOfTheSameReportIsRefused() {
    start(DECEMBER);

    assertThatThrownBy(() -> start(DECEMBER)).isInstanceOf(Rejected.class)
        .hasMessageContaining("already been started");
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("hospital-a:2024-12:jmimo").count())
        .isEqualTo(1);
  }

  @Test
  void monthThatHasNotEndedCannotBeReported() {
    assertThatThrownBy(() -> start("2025-01")).isInstanceOf(Rejected.class).hasMessageContaining("has not ended");
    assertThat(statuses.find(ref("2025-01"))).isEmpty();
  }

  @Test
  void acknowledgementByAPartyThatIsNotTheHopsReceiverIsRefused() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendCompiledReport(DECEMBER);

    assertThatThrownBy(() -> acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER))
        .isInstanceOf(AuthorizationException.class).hasMessageContaining("jmimo-operator");

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_AcknowledgeHop");
    assertThat(jdbc.queryForObject("select count(*) from optout.hop_acknowledgement", Integer.class)).isZero();
  }

  @Test
  void closingDayStartsTheReportOfEveryConfiguredHospitalOnce() {
    moveClockTo(Instant.parse("2025-01-02T16:00:00Z")); // 2025-01-03 01:00 in Tokyo, the closing day

    periodCloser.closeDuePeriods();
    periodCloser.closeDuePeriods();

    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("MonthlyOptOutReport").list())
        .extracting(p -> p.getBusinessKey())
        .containsExactlyInAnyOrder("hospital-a:2024-12:jmimo", "hospital-b:2024-12:jmimo", "hospital-c:2024-12:jmimo",
            "hospital-d:2024-12:ldi", "hospital-d:2024-12:jmimo");
  }
}
