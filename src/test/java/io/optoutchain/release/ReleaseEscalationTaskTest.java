package io.optoutchain.release;

import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_HANDLING;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_MUST_ACT;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_NOTE;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_SUBJECT;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_WHAT;
import static io.optoutchain.escalation.process.EscalationVariables.MAY_TAKE_OVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.digest.Sha256;
import io.optoutchain.support.ReportingTest;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A release's approval left waiting escalates to the producer's supervisors, who get a task of their
 * own: they look at the release and acknowledge the escalation with a note. The approval stays the
 * compliance officer's: no supervisor approves, rejects or blocks a release through any channel.
 */
class ReleaseEscalationTaskTest extends ReportingTest {

  private static final String SUPERVISOR = "jmimo-supervisor";
  private static final String COMPLIANCE_OFFICER = "jmimo-compliance";

  private long releaseId;
  private ProcessInstance release;
  /** The audit trail is never emptied: this test reads only what it appended. */
  private long auditSeqBefore;

  @BeforeEach
  void approvalLeftWaitingPastItsDueDate() {
    auditSeqBefore = lastAuditId();
    start("2024-12");
    reconcileAsTheLedgerHasIt("2024-12");
    var registered = uploadRelease("r-1", "datauser-1", "2024-12-31", HOSPITAL,
        keyLines(HOSPITAL, List.of(patientKey("p1"))));
    releaseId = ((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue();
    release = runtimeService.createProcessInstanceQuery().processDefinitionKey("DatasetRelease").singleResult();
    moveClockTo(timerDue(release.getId(), "Timer_ApprovalOverdue").plusSeconds(60));
  }

  @Test
  void theProducersSupervisorsAcknowledgeTheirOwnTaskWithANoteWhileTheApprovalStaysTheComplianceOfficers() {
    Task own = escalationTaskOf(release.getId(), "jmimo-supervisors");
    assertThat(taskService.getVariablesLocal(own.getId()))
        .containsEntry(MAY_TAKE_OVER, false)
        .hasEntrySatisfying(ESCALATION_SUBJECT, about -> assertThat((String) about)
            .contains("release " + releaseId, "datauser-1"))
        .hasEntrySatisfying(ESCALATION_WHAT, what -> assertThat((String) what).contains("承認"))
        .hasEntrySatisfying(ESCALATION_MUST_ACT, who -> assertThat((String) who).contains("jmimo-compliance"));
    assertFollowedNotTakenBy(approvalTask(), "jmimo-supervisors");

    handleEscalation(SUPERVISOR, own, "ACKNOWLEDGED", "asked the officer to decide today");

    assertThat(escalation()).containsEntry("escalated_to", "jmimo-supervisors").containsEntry("handling", "ACKNOWLEDGED")
        .containsEntry("handled_by", SUPERVISOR).containsEntry("note", "asked the officer to decide today");
    assertThat(auditPayloads("RELEASE_ESCALATION_HANDLED", auditSeqBefore)).singleElement()
        .satisfies(payload -> assertThat(payload).contains("ACKNOWLEDGED").contains("\"releaseId\":" + releaseId)
            .contains(Sha256.hex("asked the officer to decide today")).doesNotContain("asked the officer"));
    assertThat(candidateGroups(approvalTask())).containsExactly(COMPLIANCE_OFFICER);

    approveRelease(releaseId, "approve-1");
    BpmnAwareTests.assertThat(release).isEnded().hasPassed("EndEvent_Released");
  }

  @Test
  void theSupervisorsCanNeitherTakeTheApprovalOverNorDecideItThroughAnyChannel() {
    Task own = escalationTaskOf(release.getId(), "jmimo-supervisors");

    var takeOver = engineRestPost(SUPERVISOR, "/task/" + own.getId() + "/complete", Map.of("variables", Map.of(
        ESCALATION_HANDLING, Map.of("value", "TAKEN_OVER"), ESCALATION_NOTE, Map.of("value", "the officer is away"))));
    var decide = rest.withBasicAuth(SUPERVISOR, "demo").postForEntity("/api/releases/" + releaseId + "/decision",
        Map.of("clientRequestId", "supervisor-approves", "approved", true, "reason", "in the officer's place"),
        String.class);
    var completeApproval = engineRestPost(SUPERVISOR, "/task/" + approvalTask().getId() + "/complete",
        Map.of("variables", Map.of("approved", Map.of("value", true), "decisionReason", Map.of("value", "approved"))));

    assertThat(takeOver.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(takeOver.getBody()).contains("引き継げるのは対応すべき組織の監督者だけです");
    assertThat(decide.getStatusCode().is4xxClientError()).as(decide.getBody()).isTrue();
    assertThat(completeApproval.getStatusCode().is4xxClientError()).as(completeApproval.getBody()).isTrue();
    assertThat(escalation()).containsEntry("handling", null);
    assertThat(candidateGroups(approvalTask())).containsExactly(COMPLIANCE_OFFICER);
    assertThat(jdbc.queryForObject("select status from optout.data_release where id = ?", String.class, releaseId))
        .isEqualTo("AWAITING_APPROVAL");
  }

  /** What Tasklist loads to show the form: the form itself and its variables, the subject among them. */
  @Test
  void theSupervisorsLoadTheirFormAsTasklistDoes() {
    Task own = escalationTaskOf(release.getId(), "jmimo-supervisors");

    var form = rest.withBasicAuth(SUPERVISOR, "demo").getForEntity("/engine-rest/task/" + own.getId()
        + "/deployed-form", String.class);
    var variables = rest.withBasicAuth(SUPERVISOR, "demo").getForEntity("/engine-rest/task/" + own.getId()
        + "/form-variables", String.class);

    assertThat(form.getStatusCode().is2xxSuccessful()).as(form.getBody()).isTrue();
    assertThat(form.getBody()).contains("{{escalationSubject}}").doesNotContain("{{hospitalId}}");
    assertThat(variables.getStatusCode().is2xxSuccessful()).as(variables.getBody()).isTrue();
    assertThat(variables.getBody()).contains("release " + releaseId);
  }

  @Test
  void onlyTheGroupTheEscalationReachedHandlesIt() {
    Task own = escalationTaskOf(release.getId(), "jmimo-supervisors");
    var fields = Map.of("variables", Map.of(ESCALATION_HANDLING, Map.of("value", "ACKNOWLEDGED")));

    for (String outsider : List.of(JMIMO_OPERATOR, COMPLIANCE_OFFICER, "nttdata-supervisor")) {
      assertThat(engineRestPost(outsider, "/task/" + own.getId() + "/complete", fields).getStatusCode()
          .is4xxClientError()).as(outsider).isTrue();
    }
    assertThat(escalation()).containsEntry("handling", null);
  }

  @Test
  void theReleasesOutcomeEndsItsInstanceWithTheEscalationLeftOpen() {
    approveRelease(releaseId, "approve-1");

    BpmnAwareTests.assertThat(release).isEnded().hasPassed("EndEvent_Released");
    assertThat(escalation()).containsEntry("handling", null);
  }

  @Test
  void theEscalationIsDrawnOnceAndTheApprovalTimerThrowsToIt() {
    assertEscalationDrawnOnce(release.getProcessDefinitionId(), 1);
  }

  private Task approvalTask() {
    return taskService.createTaskQuery().processInstanceId(release.getId()).taskDefinitionKey("Task_ApproveRelease")
        .singleResult();
  }

  private Map<String, Object> escalation() {
    return jdbc.queryForMap("select escalated_to, handling, handled_by, note from optout.release_escalation"
        + " where release_id = ?", releaseId);
  }
}
