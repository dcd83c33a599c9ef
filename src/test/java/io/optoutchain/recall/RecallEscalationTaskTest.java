package io.optoutchain.recall;

import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_HANDLING;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_MUST_ACT;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_NOTE;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_SUBJECT;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_WHAT;
import static io.optoutchain.escalation.process.EscalationVariables.MAY_TAKE_OVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.recall.process.RecallVariables;
import io.optoutchain.support.ReportingTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * A recall's late waits escalate, each to a group of its own task: a data user's unconfirmed stop to
 * the supervisors of the producer that provided it the data, who may take the stop over with a reason;
 * a missed regulator deadline to the final recipient's supervisors, who acknowledge it (the reports
 * are the compliance officer's). Nobody is taken off a task.
 */
class RecallEscalationTaskTest extends ReportingTest {

  private static final String SUPERVISOR = "jmimo-supervisor";
  private static final String COMPLIANCE_OFFICER = "jmimo-compliance";

  @Autowired RecallRepository recalls;

  private ProcessInstance recall;
  private long recallId;
  /** The audit trail is never emptied: this test reads only what it appended. */
  private long auditSeqBefore;

  /** Two data users received a patient's data before the patient's December opt-out reached the ledger. */
  @BeforeEach
  void lateOptOutInDataProvidedToTwoDataUsers() {
    auditSeqBefore = lastAuditId();
    start("2024-12");
    reconcileAsTheLedgerHasIt("2024-12");
    String patient = patientKey("late");
    provide("r1", "datauser-1", patient);
    provide("r2", "datauser-2", patient);
    moveClockTo(START.plus(Duration.ofDays(14)));
    recordOptOut(HOSPITAL, patient, LocalDate.of(2024, 12, 20));
    recall = runtimeService.createProcessInstanceQuery().processDefinitionKey("OptOutRecall").singleResult();
    recallId = (Long) runtimeService.getVariable(recall.getId(), "recallId");
  }

  @Test
  void aDataUsersOverdueStopReachesTheProducersSupervisorsWhoTakeItOverOnlyWithAReason() {
    onlyDataUserTwoLeftUnconfirmed();
    moveClockTo(timerDue(recall.getId(), "Timer_ConfirmationOverdue").plusSeconds(1));

    assertThat(recalls.escalations(recallId)).singleElement().satisfies(escalation -> assertThat(escalation)
        .containsEntry("cause", "UNCONFIRMED_STOP").containsEntry("escalated_to", "jmimo-supervisors")
        .containsEntry("target_id", targetOf("datauser-2")));
    Task own = escalationTaskOf(recall.getId(), "jmimo-supervisors");
    assertThat(taskService.getVariablesLocal(own.getId()))
        .containsEntry(MAY_TAKE_OVER, true)
        .hasEntrySatisfying(ESCALATION_SUBJECT, about -> assertThat((String) about)
            .contains("recall " + recallId, "datauser-2").doesNotContain("datauser-1"))
        .hasEntrySatisfying(ESCALATION_WHAT, what -> assertThat((String) what).contains("利用停止"))
        .hasEntrySatisfying(ESCALATION_MUST_ACT, who -> assertThat((String) who).contains("jmimo-operators"));
    Task late = open("Task_RecordStopConfirmation").get(0);
    assertFollowedNotTakenBy(late, "jmimo-supervisors");

    assertThatThrownBy(() -> handleEscalation(SUPERVISOR, own, "TAKEN_OVER", " ")).rootCause()
        .isInstanceOf(Rejected.class).hasMessageContaining("引き継ぐ理由");
    handleEscalation(SUPERVISOR, own, "TAKEN_OVER", "datauser-2 does not answer; I call them myself");

    assertThat(candidateGroups(late)).containsExactlyInAnyOrder("jmimo-operators", "jmimo-supervisors");
    assertThat(candidateGroups(open("Task_FinalReportToRegulators").get(0))).containsExactly(COMPLIANCE_OFFICER);
    assertThat(candidateGroups(open("Task_NotifyHospital").get(0))).containsExactly("nttdata-operators");
    assertThat(recalls.escalations(recallId)).singleElement().satisfies(escalation -> assertThat(escalation)
        .containsEntry("handling", "TAKEN_OVER").containsEntry("handled_by", SUPERVISOR)
        .containsEntry("note", "datauser-2 does not answer; I call them myself"));
    assertThat(auditPayloads("RECALL_ESCALATION_HANDLED", auditSeqBefore)).singleElement()
        .satisfies(payload -> assertThat(payload).contains("TAKEN_OVER").contains("\"recallId\":" + recallId)
            .contains(Sha256.hex("datauser-2 does not answer; I call them myself")).doesNotContain("does not answer"));

    completeStep(SUPERVISOR, late);
    assertThat(recalls.steps(recallId)).filteredOn(step -> "Task_RecordStopConfirmation".equals(step.get("step")))
        .extracting(step -> step.get("done_by")).containsExactly(JMIMO_OPERATOR, SUPERVISOR);
  }

  @Test
  void aMissedRegulatorDeadlineReachesTheRecipientsSupervisorsWhoAcknowledgeButCannotTakeTheReportOver() {
    moveClockTo(timerDue(recall.getId(), "Timer_PreliminaryReportDeadline").plusSeconds(1));

    assertThat(recalls.escalations(recallId)).singleElement().satisfies(escalation -> assertThat(escalation)
        .containsEntry("cause", "MISSED_PRELIMINARY_DEADLINE").containsEntry("escalated_to", "jmimo-supervisors")
        .containsEntry("target_id", null));
    Task own = escalationTaskOf(recall.getId(), "jmimo-supervisors");
    assertThat(taskService.getVariablesLocal(own.getId())).containsEntry(MAY_TAKE_OVER, false)
        .hasEntrySatisfying(ESCALATION_MUST_ACT, who -> assertThat((String) who).contains(COMPLIANCE_OFFICER));
    Task report = open("Task_PreliminaryReportToRegulators").get(0);

    var forged = engineRestPost(SUPERVISOR, "/task/" + own.getId() + "/complete", Map.of("variables", Map.of(
        ESCALATION_HANDLING, Map.of("value", "TAKEN_OVER"), ESCALATION_NOTE, Map.of("value", "I file it myself"))));
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody()).contains("引き継げるのは対応すべき組織の監督者だけです");
    assertThat(candidateGroups(report)).containsExactly(COMPLIANCE_OFFICER);

    var acknowledged = engineRestPost(SUPERVISOR, "/task/" + own.getId() + "/complete", Map.of("variables", Map.of(
        ESCALATION_HANDLING, Map.of("value", "ACKNOWLEDGED"),
        ESCALATION_NOTE, Map.of("value", "the officer files it this morning"))));
    assertThat(acknowledged.getStatusCode().is2xxSuccessful()).as(acknowledged.getBody()).isTrue();
    assertThat(recalls.escalations(recallId)).singleElement().satisfies(escalation -> assertThat(escalation)
        .containsEntry("handling", "ACKNOWLEDGED").containsEntry("handled_by", SUPERVISOR));
    assertThat(candidateGroups(report)).containsExactly(COMPLIANCE_OFFICER);
  }

  @Test
  void onlyTheGroupTheEscalationReachedHandlesIt() {
    moveClockTo(timerDue(recall.getId(), "Timer_PreliminaryReportDeadline").plusSeconds(1));
    Task own = escalationTaskOf(recall.getId(), "jmimo-supervisors");
    var fields = Map.of("variables", Map.of(ESCALATION_HANDLING, Map.of("value", "ACKNOWLEDGED")));

    for (String outsider : List.of(JMIMO_OPERATOR, COMPLIANCE_OFFICER, KEEPER_OPERATOR, "nttdata-supervisor")) {
      assertThat(engineRestPost(outsider, "/task/" + own.getId() + "/complete", fields).getStatusCode()
          .is4xxClientError()).as(outsider).isTrue();
    }
    assertThat(recalls.escalations(recallId)).singleElement()
        .satisfies(escalation -> assertThat(escalation).containsEntry("handling", null));
  }

  /** Thrown inside one data user's stop, caught once at the process level, still naming that data user. */
  @Test
  void theOverdueDataUserComesFromTheTimerThatFiredNotFromAVariable() {
    onlyDataUserTwoLeftUnconfirmed();
    // Even an administrator's variable of the hand-over's name cannot point the escalation elsewhere.
    runtimeService.setVariable(recall.getId(), RecallVariables.LATE_TARGET_ID, targetOf("datauser-1"));

    moveClockTo(timerDue(recall.getId(), "Timer_ConfirmationOverdue").plusSeconds(1));

    assertThat(recalls.escalations(recallId)).singleElement()
        .satisfies(escalation -> assertThat(escalation).containsEntry("target_id", targetOf("datauser-2")));
    assertThat(taskService.createTaskQuery().processInstanceId(recall.getId())
        .taskDefinitionKey("Task_HandleEscalation").count()).isEqualTo(1);
  }

  @Test
  void theEscalationIsDrawnOnceAtTheProcessLevelAndEveryTimerThrowsToIt() {
    assertEscalationDrawnOnce(recall.getProcessDefinitionId(), 3);
    var model = processEngine.getRepositoryService().getBpmnModelInstance(recall.getProcessDefinitionId());
    assertThat(model.getModelElementById("EndEvent_UnconfirmedStopEscalated").getParentElement().getAttributeValue("id"))
        .isEqualTo("SubProcess_StopUseByDataUser");
    SubProcess escalation = model.getModelElementById("SubProcess_Escalation");
    assertThat(escalation.triggeredByEvent()).isTrue();
    assertThat(escalation.getParentElement().getAttributeValue("id")).isEqualTo("OptOutRecall");
  }

  /** Both data users were asked to stop; datauser-1 confirmed, and the preliminary report was filed. */
  private void onlyDataUserTwoLeftUnconfirmed() {
    completeStep(COMPLIANCE_OFFICER, open("Task_PreliminaryReportToRegulators").get(0));
    open("Task_RequestStopOfUse").forEach(task -> completeStep(JMIMO_OPERATOR, task));
    completeStep(JMIMO_OPERATOR, open("Task_RecordStopConfirmation").stream()
        .filter(task -> "datauser-1".equals(taskService.getVariableLocal(task.getId(), "dataUser"))).findFirst()
        .orElseThrow());
  }

  private void provide(String requestId, String dataUser, String patient) {
    var registered = uploadRelease(requestId, dataUser, "2024-12-31", HOSPITAL, keyLines(HOSPITAL, List.of(patient)));
    approveRelease(((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue(), requestId + "-approve");
  }

  private long targetOf(String dataUser) {
    return recalls.targets(recallId).stream().filter(target -> target.dataUser().equals(dataUser)).findFirst()
        .orElseThrow().id();
  }

  private List<Task> open(String taskKey) {
    return taskService.createTaskQuery().processInstanceId(recall.getId()).taskDefinitionKey(taskKey).list();
  }

  private void completeStep(String user, Task task) {
    as(user, () -> taskService.complete(task.getId(), Map.of("stepNote", "done by phone and letter")));
  }
}
