package io.optoutchain.reporting;

import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DISCREPANCY_FIGURES;
import static io.optoutchain.reporting.process.ReportVariables.MAY_CORRECT_DECLARATION;
import static io.optoutchain.reporting.process.ReportVariables.MAY_CORRECT_REPORT;
import static io.optoutchain.reporting.process.ReportVariables.MAY_RESTATE_APPLIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Acknowledging receipt is not enough: after the last hop agrees, J-MIMO states, blind, the number
 * of hospital-a's patients in its own exclusion list and the digest of that list; only when they are
 * the ledger's effective set is the month reconciled.
 */
class AppliedConfirmationTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String JANUARY = "2025-01";

  private ProcessInstance receivedByJmimo(String... seeds) {
    for (String seed : seeds) {
      recordOptOut(HOSPITAL, patientKey(seed), LocalDate.of(2024, 12, 9));
    }
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, seeds.length, seeds.length == 0 ? true : null);
    sendCompiledReport(DECEMBER);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    return report;
  }

  private Task confirmTask(ProcessInstance report) {
    return taskService.createTaskQuery().processInstanceId(report.getId())
        .taskDefinitionKey(ProcessKeys.TASK_CONFIRM_APPLIED).singleResult();
  }

  private Task reconcileTask(ProcessInstance report) {
    return taskService.createTaskQuery().processInstanceId(report.getId())
        .taskDefinitionKey(ProcessKeys.TASK_RECONCILE_DISCREPANCY).singleResult();
  }

  @Test
  void theRecipientConfirmingTheLedgersSetReconcilesTheMonth() {
    ProcessInstance report = receivedByJmimo("a", "b");

    // Every hop agreed and the cumulative check passed, but the month is not reconciled yet.
    BpmnAwareTests.assertThat(report).hasPassed("Task_CheckCumulativeTotals").isWaitingAt("Task_ConfirmApplied");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.REPORTED);
    Task task = confirmTask(report);
    assertThat(task.getName()).startsWith("適用を確認 / Confirm the opt-outs are applied").contains("hospital-a", DECEMBER);
    assertThat(candidateGroups(task)).containsExactly("jmimo-operators");
    assertThat(task.getDueDate()).isNotNull();
    // Blind: no figure of the ledger or of the report is on the task.
    assertThat(taskService.getVariables(task.getId()).values()).noneMatch(value ->
        String.valueOf(value).contains(ledgerCumulativeDigestPrefix(DECEMBER))
            || String.valueOf(value).contains(currentReport(DECEMBER).digest().substring(0, 8)));

    long before = lastAuditId();
    // Upper case and spaces, as people paste them, are the same 8 digits.
    confirmApplied(DECEMBER, 2, " " + ledgerCumulativeDigestPrefix(DECEMBER).toUpperCase() + " ");

    BpmnAwareTests.assertThat(report).isEnded()
        .hasPassed("Task_ConfirmApplied", "Task_CheckAppliedConfirmation", "EndEvent_PeriodReconciled");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(discrepancies(DECEMBER)).isEmpty();
    assertThat(jdbc.queryForObject("select digest_prefix from optout.applied_confirmation", String.class))
        .isEqualTo(ledgerCumulativeDigestPrefix(DECEMBER));
    assertThat(auditPayloads("APPLIED_CONFIRMATION", before)).singleElement().isEqualTo("{\"count\":2,\"digestPrefix\":\""
        + ledgerCumulativeDigestPrefix(DECEMBER) + "\",\"finalRecipient\":\"jmimo\"}");
  }

  @Test
  void aRecipientMissingOneKeyMustFixItsListAndStateItAgain() {
    ProcessInstance report = receivedByJmimo("a", "b");
    PatientKey applied = new PatientKey(patientKey("a"));

    // J-MIMO's exclusion list lacks one of the two patients it was sent.
    confirmApplied(DECEMBER, 1, AppliedConfirmation.digestPrefixOf(ReportingPeriod.parse(DECEMBER), Set.of(applied)));

    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.DISCREPANCY);
    assertThat(discrepancies(DECEMBER)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("APPLIED_SET_DIFFERS");
      assertThat(d.responsibleParty()).isEqualTo("jmimo");
      assertThat(d.expected()).isNull();
      assertThat(d.actual()).isEqualTo(1);
    });
    Task reconcile = reconcileTask(report);
    assertThat(candidateGroups(reconcile)).containsExactly("jmimo-operators");
    // Its task offers only what it can use, and tells it what it stated, never the ledger's figures.
    assertThat(taskService.getVariablesLocal(reconcile.getId()))
        .containsEntry(MAY_RESTATE_APPLIED, true).containsEntry(MAY_CORRECT_REPORT, false)
        .containsEntry(MAY_CORRECT_DECLARATION, false)
        .hasEntrySatisfying(DISCREPANCY_FIGURES, figures -> assertThat((String) figures).contains("stated: 1")
            .doesNotContain(ledgerCumulativeDigestPrefix(DECEMBER)).doesNotContain("ledger: 2"));
    assertThatThrownBy(() -> resolve(JMIMO_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "re-send", null, null))
        .rootCause().isInstanceOf(Rejected.class).hasMessageContaining("RESTATED_APPLIED_SET");
    assertThatThrownBy(() -> restateApplied(DECEMBER, null, null, "fixed the list")).rootCause()
        .isInstanceOfSatisfying(Rejected.class, refused -> assertThat(refused.field()).isEqualTo("count"));

    // A re-statement still wrong is compared again and opens a new discrepancy for J-MIMO.
    restateApplied(DECEMBER, 1, AppliedConfirmation.digestPrefixOf(ReportingPeriod.parse(DECEMBER), Set.of(applied)),
        "re-checked the list");
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
    assertThat(discrepancies(DECEMBER)).hasSize(2);

    restateApplied(DECEMBER, 2, ledgerCumulativeDigestPrefix(DECEMBER), "added the missing patient to our list");

    BpmnAwareTests.assertThat(report).isEnded().hasPassed("EndEvent_PeriodReconciled");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
    assertThat(discrepancies(DECEMBER)).extracting(DiscrepancyRepository.DiscrepancyView::resolution)
        .containsExactly("RESTATED_APPLIED_SET", "RESTATED_APPLIED_SET");
    // Nothing was sent or acknowledged again: the report reached J-MIMO; its list was the fault.
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(report.getId())
        .activityId("Task_AcknowledgeHop").count()).isEqualTo(2);
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(report.getId())
        .activityId("Task_CheckReport").count()).isEqualTo(1);
    assertThat(jdbc.queryForList("select applied_count from optout.applied_confirmation order by id", Integer.class))
        .containsExactly(1, 1, 2);
  }

  @Test
  void aKeyNeverSentIsTheKeepersAndTheRecipientIsNotAskedUntilItArrives() {
    start(DECEMBER);
    declare(DECEMBER, 0, true);
    sendCompiledReport(DECEMBER);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    moveClockTo(java.time.Instant.parse("2025-02-05T00:00:00Z"));
    recordOptOut(HOSPITAL, patientKey("late"), LocalDate.of(2024, 12, 20));
    recordOptOut(HOSPITAL, patientKey("january"), LocalDate.of(2025, 1, 10));
    ProcessInstance report = start(JANUARY);
    declare(JANUARY, 1, false);
    sendOwnManifest(JANUARY, List.of(patientKey("january")), List.of());
    acknowledgeWhatWasSent(LDI_OPERATOR, JANUARY);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, JANUARY);

    // The cumulative check comes first: the ledger shows J-MIMO was never sent the late key.
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy").hasNotPassed("Task_ConfirmApplied");
    assertThat(discrepancies(JANUARY)).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo("CUMULATIVE_DRIFT");
      assertThat(d.responsibleParty()).isEqualTo("nttdata");
    });
    assertThatThrownBy(() -> confirmAppliedAsTheLedgerHasIt(JANUARY)).isInstanceOf(Rejected.class);

    resolve(KEEPER_OPERATOR, JANUARY, Resolution.CORRECTED_REPORT, "late December request added", null, null);
    acknowledgeWhatWasSent(LDI_OPERATOR, JANUARY);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, JANUARY);
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ConfirmApplied");
    confirmApplied(JANUARY, 2, ledgerCumulativeDigestPrefix(JANUARY));
    assertThat(status(JANUARY)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void anOverdueConfirmationEscalatesToTheRecipientsSupervisorsThenItsComplianceOfficer() {
    ProcessInstance report = receivedByJmimo("a");

    moveClockTo(timerDue(report.getId(), "Timer_AppliedConfirmationOverdue").plusSeconds(1));
    assertThat(escalations(DECEMBER)).extracting(e -> e.escalatedTo() + " " + e.cause())
        .containsExactly("jmimo-supervisors OVERDUE_APPLIED_CONFIRMATION");
    Task own = escalationTaskOf(report.getId(), "jmimo-supervisors");
    assertThat(own).isNotNull();
    assertFollowedNotTakenBy(confirmTask(report), "jmimo-supervisors");
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.REPORTED);

    moveClockTo(timerDue(report.getId(), "Timer_AppliedConfirmationLongOverdue").plusSeconds(1));
    assertThat(escalations(DECEMBER)).extracting(e -> e.escalatedTo() + " " + e.cause()).containsExactly(
        "jmimo-supervisors OVERDUE_APPLIED_CONFIRMATION", "jmimo-compliance OVERDUE_APPLIED_CONFIRMATION");
    assertThat(escalationTaskOf(report.getId(), "jmimo-compliance")).isNotNull();
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.ESCALATED);

    // Late, the confirmation still reconciles the month.
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void forgedFieldsThroughTheEngineRestApiAreRefusedAndNothingIsRecorded() {
    ProcessInstance report = receivedByJmimo("a");
    Task task = confirmTask(report);
    String prefix = ledgerCumulativeDigestPrefix(DECEMBER);

    var forged = engineRestPost(JMIMO_OPERATOR, "/task/" + task.getId() + "/complete",
        Map.of("variables", Map.of(APPLIED_COUNT, Map.of("value", 1), APPLIED_DIGEST_PREFIX, Map.of("value", prefix),
            "appliedAgrees", Map.of("value", true))));
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody()).contains("appliedAgrees");

    var otherParty = engineRestPost(LDI_OPERATOR, "/task/" + task.getId() + "/complete",
        Map.of("variables", Map.of(APPLIED_COUNT, Map.of("value", 1), APPLIED_DIGEST_PREFIX, Map.of("value", prefix))));
    assertThat(otherParty.getStatusCode().is4xxClientError()).isTrue();

    assertThat(jdbc.queryForObject("select count(*) from optout.applied_confirmation", Integer.class)).isZero();
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ConfirmApplied");

    var confirmed = engineRestPost(JMIMO_OPERATOR, "/task/" + task.getId() + "/complete",
        Map.of("variables", Map.of(APPLIED_COUNT, Map.of("value", 1), APPLIED_DIGEST_PREFIX, Map.of("value", prefix))));
    assertThat(confirmed.getStatusCode().is2xxSuccessful()).isTrue();
    runDueJobs();
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
  }
}
