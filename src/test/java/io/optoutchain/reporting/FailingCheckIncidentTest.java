package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A check that fails for a technical reason (here: the database refuses what the check writes) does not
 * undo what the operator did: the operator's input is recorded, the API answers, the engine tries the
 * check again and, failing still, raises an incident that an administrator retries in Cockpit once the
 * cause is gone.
 */
class FailingCheckIncidentTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String REPORT = "/api/reports/hospital-a/2024-12";

  @AfterEach
  void theCauseIsGone() {
    removeTheFault();
    managementService.updateJobDefinitionSuspensionState().byProcessDefinitionKey(ProcessKeys.MONTHLY_REPORT)
        .includeJobs(true).activate();
  }

  @Test
  void aCheckAnAdministratorHaltedWaitsWhateverTheChannelUntilItIsActivatedAgain() {
    // Given a declared month, and the report's check halted in Cockpit (its job definition suspended).
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, null);
    String checkReport = managementService.createJobDefinitionQuery().processDefinitionKey(ProcessKeys.MONTHLY_REPORT)
        .activityIdIn("Task_CheckReport").singleResult().getId();
    managementService.suspendJobDefinitionById(checkReport);

    // When the keeper sends the report over the API.
    ResponseEntity<String> sent = rest.withBasicAuth(KEEPER_OPERATOR, "demo")
        .postForEntity(REPORT + "/send", Map.of("clientRequestId", "send-halted"), String.class);

    // Then the sending stands and the check waits, suspended, not run by the request.
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JsonPath.<List<String>>read(sent.getBody(), "$.nowWaitingFor")).containsExactly("Task_CheckReport");
    assertThat(checkJob(report, "Task_CheckReport").isSuspended()).isTrue();

    // When the administrator activates it again, the job executor runs it and the report moves on.
    managementService.activateJobDefinitionById(checkReport, true);
    runDueJobs();
    BpmnAwareTests.assertThat(report).hasPassed("Task_CheckReport").isWaitingAt("Task_AcknowledgeHop");
  }

  @Test
  void aReportCheckThatKeepsFailingLeavesTheReportSentAndBecomesAnIncidentTheAdministratorRetries() {
    // Given a declared month, and a database that refuses to mark a sent report as checked.
    recordOptOut(HOSPITAL, patientKey("1"), LocalDate.of(2024, 12, 9));
    ProcessInstance report = start(DECEMBER);
    declare(DECEMBER, 1, null);
    injectFault("period_status", "before update", "old.status = 'REPORTED'");

    // When the keeper sends the report over the API.
    ResponseEntity<String> sent = rest.withBasicAuth(KEEPER_OPERATOR, "demo")
        .postForEntity(REPORT + "/send", Map.of("clientRequestId", "send-1"), String.class);

    // Then the keeper's sending stands, and the answer says the report waits for its check.
    assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(JsonPath.<List<String>>read(sent.getBody(), "$.nowWaitingFor")).containsExactly("Task_CheckReport");
    assertThat(jdbc.queryForObject("select count(*) from optout.monthly_report where state = 'SENT'", Integer.class))
        .isEqualTo(1);
    Job check = checkJob(report, "Task_CheckReport");
    assertThat(check.getRetries()).isEqualTo(2);
    assertThat(check.getDuedate().toInstant()).isEqualTo(ClockUtil.getCurrentTime().toInstant().plusSeconds(60));
    assertThat(managementService.getJobExceptionStacktrace(check.getId())).contains("the check's table refuses");
    assertThat(runtimeService.createIncidentQuery().processInstanceId(report.getId()).count()).isZero();

    // The engine tries twice more, a retry cycle apart, and then raises an incident.
    failAgainWhenDue(check);
    failAgainWhenDue(checkJob(report, "Task_CheckReport"));
    Incident incident = runtimeService.createIncidentQuery().processInstanceId(report.getId()).singleResult();
    assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
    assertThat(incident.getActivityId()).isEqualTo("Task_CheckReport");
    assertThat(checkJob(report, "Task_CheckReport").getRetries()).isZero();
    // The history keeps each failure (the job log of jobs that succeed is not written: HistoryWithoutVariables).
    assertThat(historyService.createHistoricJobLogQuery().jobId(check.getId()).failureLog().list())
        .extracting(HistoricJobLog::getId).hasSize(3).allMatch(failure ->
            historyService.getHistoricJobLogExceptionStacktrace(failure).contains("the check's table refuses"));
    assertThat(tasks.waitingFor(ref(DECEMBER))).containsExactly("Task_CheckReport");

    // When the cause is gone and the administrator retries the job, as Cockpit does.
    removeTheFault();
    managementService.setJobRetries(check.getId(), 1);
    managementService.executeJob(check.getId());

    // Then the report moves on to its first hop, and the incident is resolved.
    BpmnAwareTests.assertThat(report).hasPassed("Task_CheckReport").isWaitingAt("Task_AcknowledgeHop");
    assertThat(runtimeService.createIncidentQuery().processInstanceId(report.getId()).count()).isZero();
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.REPORTED);
  }

  @Test
  void anEscalationThatKeepsFailingBecomesAnIncidentAndTheDeclarationStaysOpen() {
    // Given a month whose declaration is overdue, and a database that refuses to record escalations.
    ProcessInstance report = start(DECEMBER);
    injectFault("escalation", "before insert", "true");

    // When its timer falls due and the engine tries three times.
    Job timer = managementService.createJobQuery().processInstanceId(report.getId())
        .activityId("Timer_DeclarationOverdue").singleResult();
    ClockUtil.setCurrentTime(Date.from(timerDue(report.getId(), "Timer_DeclarationOverdue").plusSeconds(1)));
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(() -> managementService.executeJob(timer.getId()));
    }

    // Then the failure is an incident on the timer, and the hospital's task is still there.
    Incident incident = runtimeService.createIncidentQuery().processInstanceId(report.getId()).singleResult();
    assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
    assertThat(incident.getConfiguration()).isEqualTo(timer.getId());
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_DeclareCount");
    assertThat(escalations(DECEMBER)).isEmpty();

    // When the cause is gone and the administrator retries it.
    removeTheFault();
    managementService.setJobRetries(timer.getId(), 1);
    managementService.executeJob(timer.getId());

    // Then the escalation is recorded and the supervisors have their task.
    assertThat(escalations(DECEMBER)).hasSize(1);
    assertThat(runtimeService.createIncidentQuery().processInstanceId(report.getId()).count()).isZero();
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_DeclareCount", "Task_HandleEscalation");
  }

  private Job checkJob(ProcessInstance report, String activityId) {
    return managementService.createJobQuery().processInstanceId(report.getId()).activityId(activityId).singleResult();
  }

  /** The engine's next try, when the retry cycle lets it: the job executor's, here the test's. */
  private void failAgainWhenDue(Job check) {
    ClockUtil.setCurrentTime(Date.from(check.getDuedate().toInstant().plusSeconds(1)));
    assertThatThrownBy(() -> managementService.executeJob(check.getId()));
    assertThat(managementService.getJobExceptionStacktrace(check.getId())).contains("the check's table refuses");
  }

  /** A trigger that refuses a row the check (or the escalation) writes: a stand-in for a technical failure. */
  private void injectFault(String table, String when, String condition) {
    jdbc.execute("create or replace function optout.test_fault() returns trigger language plpgsql as"
        + " $$ begin raise exception 'the check''s table refuses (test fault)'; end $$");
    jdbc.execute("create trigger test_fault " + when + " on optout." + table + " for each row when (" + condition
        + ") execute function optout.test_fault()");
  }

  private void removeTheFault() {
    for (String table : List.of("period_status", "escalation")) {
      jdbc.execute("drop trigger if exists test_fault on optout." + table);
    }
    jdbc.execute("drop function if exists optout.test_fault()");
  }
}
