package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.process.ReportVariables;
import io.optoutchain.support.ReportingTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TaskFormsTest extends ReportingTest {

  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

  @Autowired RepositoryService repositoryService;
  @Autowired FormService formService;
  @Autowired TaskService taskService;

  private String deployedForm(String taskId) throws IOException {
    try (var form = formService.getDeployedTaskForm(taskId)) {
      return new String(form.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyUserTaskHasADeployedCamundaForm() {
    var definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey("MonthlyOptOutReport")
        .latestVersion().singleResult();
    var userTasks = repositoryService.getBpmnModelInstance(definition.getId()).getModelElementsByType(UserTask.class);

    assertThat(userTasks).isNotEmpty().allSatisfy(task -> {
      assertThat(task.getCamundaFormRef()).as(task.getId()).isNotBlank();
      assertThat(repositoryService.getDeploymentResourceNames(definition.getDeploymentId()))
          .contains("bpmn/" + task.getCamundaFormRef() + ".form");
    });
  }

  @Test
  void acknowledgementFormShowsSenderAndPeriodButNeverTheSendersFigures() throws IOException {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    String taskId = taskService.createTaskQuery().processInstanceId(report.getId()).singleResult().getId();

    String form = deployedForm(taskId);

    assertThat(form).contains("\"id\": \"acknowledge-hop\"").contains("{{hopSender}}").contains("{{period}}").contains("{{dueOn}}");
    assertThat(TEMPLATE_VARIABLE.matcher(form).results().map(m -> m.group(1)).distinct())
        .isSubsetOf(List.of("hopSender", "hospitalId", "period", "dueOn"));
    assertThat(taskService.getVariableLocal(taskId, "dueOn")).isEqualTo("2025-01-09 09:00 (JST)");
    // What the server accepts (upper case, spaces, full-width, a whole digest) the form lets through;
    // the server normalises it or refuses it in Japanese (DigestPrefix). Counts are whole numbers.
    assertThat(form).doesNotContain("\"pattern\"").contains("\"required\": true").contains("\"increment\": \"1\"");
  }

  @Test
  void appliedConfirmationFormShowsTheHospitalAndMonthButNoFigureOfTheLedger() throws IOException {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    String taskId = taskService.createTaskQuery().processInstanceId(report.getId())
        .taskDefinitionKey("Task_ConfirmApplied").singleResult().getId();

    String form = deployedForm(taskId);

    assertThat(form).contains("\"id\": \"applied-confirmation\"").contains("{{hospitalId}}").contains("{{period}}")
        .contains("{{dueOn}}").contains("\"key\": \"appliedCount\"").contains("\"key\": \"appliedDigestPrefix\"");
    assertThat(TEMPLATE_VARIABLE.matcher(form).results().map(m -> m.group(1)).distinct())
        .isSubsetOf(List.of("hospitalId", "period", "dueOn"));
    assertThat(taskService.getVariableLocal(taskId, "dueOn")).isNotNull();
    assertThat(form).doesNotContain("\"pattern\"").contains("\"required\": true").contains("\"increment\": \"1\"");
  }

  private Task openTask(String processInstanceId) {
    return taskService.createTaskQuery().processInstanceId(processInstanceId).singleResult();
  }

  @Test
  void everyTaskOfTheMonthIsNamedForItsHospitalAndMonthSoTasklistFindsIt() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    String declare = openTask(report.getId()).getName();
    declare("2024-12", 1, false);
    String review = openTask(report.getId()).getName();
    sendCompiledReport("2024-12");
    String acknowledge = openTask(report.getId()).getName();
    acknowledge(LDI_OPERATOR, "2024-12", 0, "00000000");
    String recheck = openTask(report.getId()).getName();
    acknowledge(LDI_OPERATOR, "2024-12", 0, "00000000");
    String reconcile = openTask(report.getId()).getName();

    assertThat(List.of(declare, review, acknowledge, recheck, reconcile)).allSatisfy(name ->
        assertThat(name).contains("Demo Hospital A / デモ病院A (hospital-a) 2024-12"));
    assertThat(declare).startsWith("自院の件数を申告 / Declare the hospital's count — ");
    assertThat(acknowledge).startsWith("受領した報告を確認 / Acknowledge the report received — ");
    assertThat(recheck).startsWith("受領した報告を再確認 / Re-check the report received — ");
    assertThat(reconcile).startsWith("不一致を解消 / Reconcile the discrepancy — ");
    // Tasklist's search box filters by name: by the hospital's id, its Japanese or English name, or the month.
    for (String searched : List.of("hospital-a", "デモ病院A", "Demo Hospital A", "2024-12")) {
      assertThat(taskService.createTaskQuery().taskNameLike("%" + searched + "%").list()).as(searched)
          .extracting(Task::getProcessInstanceId).containsExactly(report.getId());
    }
    assertThat(taskService.createTaskQuery().taskNameLike("%hospital-b%").count()).isZero();
  }

  @Test
  void reviewShowsTheKeeperTheDraftItIsAboutToSend() throws IOException {
    recordOptOut(HOSPITAL, patientKey("late"), LocalDate.of(2024, 11, 20));
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    recordOptOut(HOSPITAL, patientKey("b"), LocalDate.of(2024, 12, 9));
    var report = start("2024-12");
    declare("2024-12", 2, false);
    Task review = openTask(report.getId());
    var draft = reports.draftToSend(ref("2024-12")).orElseThrow();

    var shown = taskService.getVariablesLocal(review.getId());

    assertThat(shown).containsEntry(ReportVariables.DRAFT_COUNT, 3).containsEntry(ReportVariables.DRAFT_PERIOD_COUNT, 2)
        .containsEntry(ReportVariables.DRAFT_LATE_COUNT, 1).containsEntry(ReportVariables.DRAFT_WITHDRAWN_COUNT, 0)
        .containsEntry(ReportVariables.DRAFT_DIGEST, draft.digest());
    assertThat((String) shown.get(ReportVariables.DRAFT_KEYS)).contains(patientKey("a")).contains(patientKey("b"))
        .contains("late / 遅延 `" + patientKey("late") + "`");
    assertThat(deployedForm(review.getId())).contains("{{draftCount}}").contains("{{draftDigest}}")
        .contains("{{draftKeys}}").contains("{{period}}");

    // What is shown is what goes: the keeper sends this very draft.
    sendCompiledReport("2024-12");
    assertThat(currentReport("2024-12").digest()).isEqualTo(draft.digest());
  }

  @Test
  void theHospitalsDeclarationDiscrepancyOffersTheHospitalOnlyToCorrectItsDeclaration() throws IOException {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 0, true);
    sendCompiledReport("2024-12");
    Task reconcile = openTask(report.getId());
    assertThat(reconcile.getTaskDefinitionKey()).isEqualTo(ProcessKeys.TASK_RECONCILE_DISCREPANCY);
    assertThat(taskService.getIdentityLinksForTask(reconcile.getId())).extracting(l -> l.getGroupId())
        .containsExactly("hospital-a-operators");

    var shown = taskService.getVariablesLocal(reconcile.getId());

    assertThat(shown).containsEntry(ReportVariables.MAY_CORRECT_DECLARATION, true)
        .containsEntry(ReportVariables.MAY_CORRECT_REPORT, false);
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_WHAT)).contains("declaration").contains("申告");
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_WHERE)).contains("Demo Hospital A / デモ病院A");
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_FOUND_BY)).contains("The system")
        .contains("to be resolved by: Demo Hospital A / デモ病院A");
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_FIGURES)).contains("ledger: 1").contains("declared: 0");
    String form = deployedForm(reconcile.getId());
    assertThat(form).contains("{{discrepancyWhat}}").contains("{{discrepancyWhere}}").contains("{{discrepancyFoundBy}}")
        .contains("{{discrepancyFigures}}").contains("\"valuesExpression\"").contains("mayCorrectDeclaration = false");

    resolve(HOSPITAL_OPERATOR, "2024-12", Resolution.CORRECTED_DECLARATION, "miscounted", 1, false);
    assertThat(openTask(report.getId()).getTaskDefinitionKey()).isEqualTo(ProcessKeys.TASK_ACKNOWLEDGE_HOP);
  }

  @Test
  void anAcknowledgementDiscrepancyOffersTheSenderOnlyACorrectedReportAndNamesTheHop() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    acknowledgeAndConfirm(LDI_OPERATOR, "2024-12", 0, "00000000");
    Task reconcile = openTask(report.getId());
    assertThat(taskService.getIdentityLinksForTask(reconcile.getId())).extracting(l -> l.getGroupId())
        .containsExactly("nttdata-operators");

    var shown = taskService.getVariablesLocal(reconcile.getId());

    assertThat(shown).containsEntry(ReportVariables.MAY_CORRECT_REPORT, true)
        .containsEntry(ReportVariables.MAY_CORRECT_DECLARATION, false);
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_WHAT)).contains("acknowledged");
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_WHERE))
        .isEqualTo("第1ホップ / hop 1: NTT Data / NTTデータ → LDI / ライフデータイニシアティブ");
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_FOUND_BY))
        .contains("checking the acknowledgement of LDI / ライフデータイニシアティブ against the report sent")
        .contains("to be resolved by: NTT Data / NTTデータ");
    assertThat((String) shown.get(ReportVariables.DISCREPANCY_FIGURES)).contains("sent: 1").contains("acknowledged: 0");
  }

  @Test
  void anEscalationToAnotherPartyTakesTheFiguresOffTheTaskBeforeItMayReadIt() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    String sentPrefix = currentReport("2024-12").digest().substring(0, 8);
    acknowledgeAndConfirm(LDI_OPERATOR, "2024-12", 0, "00000000");
    String reconcile = openTask(report.getId()).getId();

    // The keeper's own supervisors: still the party that must fix it, the figures stay.
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    assertThat(taskService.getVariablesLocal(reconcile)).containsKey(ReportVariables.DISCREPANCY_FIGURES);

    // J-MIMO, a receiver yet to acknowledge blind, follows the task from here: no figures left to read.
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToComplianceOfficer").plusSeconds(1));
    Map<String, Object> readByJmimo = as(JMIMO_OPERATOR, () -> taskService.getVariables(reconcile));

    assertThat(readByJmimo).containsKey(ReportVariables.DISCREPANCY_WHAT)
        .doesNotContainKey(ReportVariables.DISCREPANCY_FIGURES);
    assertThat(readByJmimo.values()).noneMatch(value -> String.valueOf(value).contains("sent: 1")
        || String.valueOf(value).contains(sentPrefix));
  }
}
