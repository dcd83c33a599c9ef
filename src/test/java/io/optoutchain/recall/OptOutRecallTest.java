package io.optoutchain.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.support.ReportingTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A late-found opt-out in data already provided: traced, recalled, reported, closed only when all is done. */
class OptOutRecallTest extends ReportingTest {

  @Autowired TaskService taskService;
  @Autowired RecallRepository recalls;

  private long release(String requestId, String dataUser, List<String> keys) {
    var registered = uploadRelease(requestId, dataUser, "2024-12-31", HOSPITAL, keyLines(HOSPITAL, keys));
    long id = ((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue();
    approveRelease(id, requestId + "-approve");
    return id;
  }

  private void reconciledDecember() {
    start("2024-12");
    declare("2024-12", 0, true);
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");
  }

  private ProcessInstance recall() {
    return runtimeService.createProcessInstanceQuery().processDefinitionKey("OptOutRecall").singleResult();
  }

  private void complete(String user, Task task) {
    as(user, () -> taskService.complete(task.getId(), Map.of("stepNote", "done by phone and letter, " + task.getName())));
  }

  private List<Task> open(ProcessInstance recall, String taskKey) {
    return taskService.createTaskQuery().processInstanceId(recall.getId()).taskDefinitionKey(taskKey).list();
  }

  @Test
  void aRecallStepCannotBeRecordedAgainstAnotherRecallOrDataUser() {
    reconciledDecember();
    String patient = patientKey("late");
    release("r1", "datauser-1", List.of(patient));
    moveClockTo(START.plus(Duration.ofDays(14)));
    recordOptOut(HOSPITAL, patient, LocalDate.of(2024, 12, 20));
    Task step = open(recall(), "Task_RequestStopOfUse").get(0);

    var forged = rest.withBasicAuth(JMIMO_OPERATOR, "demo").postForEntity("/engine-rest/task/" + step.getId()
        + "/complete", Map.of("variables", Map.of("stepNote", Map.of("value", "done"),
            "targetId", Map.of("value", 999, "type", "Long"), "recallId", Map.of("value", 999, "type", "Long"))),
        String.class);
    var rewritten = rest.withBasicAuth(JMIMO_OPERATOR, "demo").postForEntity("/engine-rest/task/" + step.getId()
        + "/variables", Map.of("modifications", Map.of("targetId", Map.of("value", 999, "type", "Long"))), String.class);

    assertThat(forged.getStatusCode().value()).isEqualTo(400);
    assertThat(forged.getBody()).contains("recallId");
    assertThat(rewritten.getStatusCode().value()).isEqualTo(403);
    assertThat(jdbc.queryForObject("select count(*) from optout.recall_step", Integer.class)).isZero();
    // Even the administrator's rewrite cannot point a step at a data user of no recall of this instance.
    runtimeService.setVariableLocal(step.getExecutionId(), "targetId", 999L);
    assertThatThrownBy(() -> complete(JMIMO_OPERATOR, step)).hasMessageContaining("not a data user of recall");
    assertThat(jdbc.queryForObject("select count(*) from optout.recall_step", Integer.class)).isZero();
  }

  @Test
  void lateOptOutIsTracedToExactlyTheReleasesAndDataUsersThatHoldThePatient() {
    reconciledDecember();
    String patient = patientKey("late");
    long first = release("r1", "datauser-1", List.of(patient, patientKey("p1")));
    long second = release("r2", "datauser-2", List.of(patient, patientKey("p2")));
    release("r3", "datauser-1", List.of(patientKey("p3")));
    assertThat(recall()).isNull();

    // Two weeks later NTT Data finds a December request that never reached the ledger.
    moveClockTo(START.plus(Duration.ofDays(14)));
    recordOptOut(HOSPITAL, patient, LocalDate.of(2024, 12, 20));

    ProcessInstance recall = recall();
    assertThat(recall).isNotNull();
    long recallId = (Long) runtimeService.getVariable(recall.getId(), "recallId");
    assertThat(recalls.targets(recallId)).extracting(t -> t.releaseId() + " " + t.dataUser())
        .containsExactly(first + " datauser-1", second + " datauser-2");
    assertThat(open(recall, "Task_RequestStopOfUse")).hasSize(2)
        .allSatisfy(t -> BpmnAwareTests.assertThat(t).hasCandidateGroup("jmimo-operators"));
    assertThat(open(recall, "Task_RequestStopOfUse")).extracting(t -> taskService.getVariableLocal(t.getId(), "dataUser"))
        .containsExactlyInAnyOrder("datauser-1", "datauser-2");
    BpmnAwareTests.assertThat(recall).isWaitingAt("Task_NotifyHospital", "Task_InformPatient",
        "Task_PreliminaryReportToRegulators");
  }

  @Test
  void regulatorDeadlinesFireAndTheRecallClosesOnlyWhenEveryConfirmationIsIn() {
    reconciledDecember();
    String patient = patientKey("late");
    release("r1", "datauser-1", List.of(patient));
    release("r2", "datauser-2", List.of(patient));
    moveClockTo(START.plus(Duration.ofDays(14)));
    recordOptOut(HOSPITAL, patient, LocalDate.of(2024, 12, 20));
    ProcessInstance recall = recall();
    long recallId = (Long) runtimeService.getVariable(recall.getId(), "recallId");
    Instant opened = recalls.openedAt(recallId);

    assertThat(timerDue(recall.getId(), "Timer_PreliminaryReportDeadline")).isEqualTo(opened.plus(Duration.ofDays(5)));
    moveClockTo(opened.plus(Duration.ofDays(5)).plusSeconds(1));
    assertThat(recalls.escalations(recallId)).extracting(e -> e.get("cause") + " " + e.get("escalated_to"))
        .contains("MISSED_PRELIMINARY_DEADLINE jmimo-supervisors");

    complete("jmimo-compliance", open(recall, "Task_PreliminaryReportToRegulators").get(0));
    assertThat(timerDue(recall.getId(), "Timer_FinalReportDeadline")).isEqualTo(opened.plus(Duration.ofDays(30)));
    complete("nttdata-operator", open(recall, "Task_NotifyHospital").get(0));
    complete(HOSPITAL_OPERATOR, open(recall, "Task_InformPatient").get(0));
    open(recall, "Task_RequestStopOfUse").forEach(t -> complete(JMIMO_OPERATOR, t));
    List<Task> confirmations = open(recall, "Task_RecordStopConfirmation");
    assertThat(confirmations).hasSize(2);
    complete(JMIMO_OPERATOR, confirmations.get(0));
    moveClockTo(opened.plus(Duration.ofDays(30)).plusSeconds(1));
    assertThat(recalls.escalations(recallId)).extracting(e -> (String) e.get("cause"))
        .contains("MISSED_FINAL_DEADLINE", "UNCONFIRMED_STOP");
    complete("jmimo-compliance", open(recall, "Task_FinalReportToRegulators").get(0));

    // One data user has not confirmed: the recall stays open.
    BpmnAwareTests.assertThat(recall).isNotEnded().isWaitingAt("Task_RecordStopConfirmation");
    assertThat(recalls.status(recallId)).isEqualTo("OPEN");

    complete(JMIMO_OPERATOR, open(recall, "Task_RecordStopConfirmation").get(0));

    BpmnAwareTests.assertThat(recall).isEnded().hasPassed("EndEvent_RecallClosed");
    assertThat(recalls.status(recallId)).isEqualTo("CLOSED");
    assertThat(recalls.steps(recallId)).filteredOn(s -> "Task_RecordStopConfirmation".equals(s.get("step")))
        .extracting(s -> s.get("done_by")).containsExactly(JMIMO_OPERATOR, JMIMO_OPERATOR);
  }

  @Test
  void correctionThatMovesTheRequestBeforeTheProvisionStartsARecall() {
    reconciledDecember();
    String patient = patientKey("corrected");
    release("r1", "datauser-1", List.of(patient));
    moveClockTo(START.plus(Duration.ofDays(14)));
    long entered = recordOptOut(HOSPITAL, patient, LocalDate.of(2025, 1, 15));
    assertThat(recall()).isNull();

    as(KEEPER_OPERATOR, () -> ledger.record(new NewLedgerEntry(HOSPITAL,
        new PatientKey(patient), OptOutKind.STOP_PROVISION,
        LocalDate.of(2024, 12, 20), entered, "the hospital received it on 20 December"), currentActor.requireParty()));

    assertThat(recall()).isNotNull();
    assertThat(jdbc.queryForObject("select ledger_entry_id from optout.recall", Long.class)).isNotEqualTo(entered);
  }

  @Test
  void noRecallForAPatientInNoReleaseOrWhoseRequestCameAfterTheProvision() {
    reconciledDecember();
    release("r1", "datauser-1", List.of(patientKey("released")));
    moveClockTo(START.plus(Duration.ofDays(14)));

    recordOptOut(HOSPITAL, patientKey("never-released"), LocalDate.of(2024, 12, 20));
    recordOptOut(HOSPITAL, patientKey("released"), LocalDate.of(2025, 1, 15));

    assertThat(recall()).isNull();
    assertThat(jdbc.queryForObject("select count(*) from optout.recall", Integer.class)).isZero();
  }
}
