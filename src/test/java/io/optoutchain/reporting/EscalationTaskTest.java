package io.optoutchain.reporting;

import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_HANDLING;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_NOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.digest.Sha256;
import io.optoutchain.error.Rejected;
import io.optoutchain.escalation.EscalationHandling;
import io.optoutchain.escalation.process.EscalationVariables;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.support.ReportingTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * An escalation is a task of the group it reaches: the supervisors, later the final recipient's
 * compliance officer, look at the case, acknowledge with a note or (the party's own supervisors) take
 * the late task over with a reason; none of them can block the party that must act.
 */
class EscalationTaskTest extends ReportingTest {

  private static final String DECEMBER = "2024-12";
  private static final String SUPERVISOR = "nttdata-supervisor";
  private static final String COMPLIANCE_OFFICER = "jmimo-compliance";

  private ProcessInstance report;
  /** The audit trail is never emptied: this test reads only what it appended. */
  private long auditSeqBefore;

  /** The seed's incident: December filed with January's "0 persons", left unresolved. */
  @BeforeEach
  void discrepancyLeftUnresolved() {
    auditSeqBefore = lastAuditId();
    moveClockTo(Instant.parse("2025-01-05T01:00:00Z"));
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    report = start(DECEMBER);
    declare(DECEMBER, 1, false);
    sendOwnManifest(DECEMBER, List.of(), List.of());
    BpmnAwareTests.assertThat(report).isWaitingAt("Task_ReconcileDiscrepancy");
  }

  @Test
  void theSupervisorsGetTheirOwnTaskAndAcknowledgeItWithANoteWhileTheOperatorsKeepTheirs() {
    escalateToSupervisors();

    Task own = escalationTaskOf(report.getId(), "nttdata-supervisors");
    assertThat(own.getName()).startsWith("上申に対応 / Handle the escalation").contains("hospital-a", DECEMBER);
    assertThat(taskService.getVariablesLocal(own.getId()))
        .containsEntry(EscalationVariables.MAY_TAKE_OVER, true)
        .hasEntrySatisfying(EscalationVariables.ESCALATION_WHAT, what -> assertThat((String) what).contains("不一致"))
        .hasEntrySatisfying(EscalationVariables.ESCALATION_MUST_ACT, who -> assertThat((String) who).contains("nttdata"));
    assertFollowedNotTakenBy(reconcileTask(), "nttdata-supervisors");

    handleEscalation(SUPERVISOR, own, "ACKNOWLEDGED", "called the team; they correct it today");

    var escalation = escalations(DECEMBER).get(0);
    assertThat(escalation.handling()).isEqualTo(EscalationHandling.ACKNOWLEDGED);
    assertThat(escalation.handledBy()).isEqualTo(SUPERVISOR);
    assertThat(escalation.note()).isEqualTo("called the team; they correct it today");
    assertThat(auditPayloads("ESCALATION_HANDLED", auditSeqBefore)).singleElement()
        .satisfies(payload -> assertThat(payload).contains("ACKNOWLEDGED")
            .contains(Sha256.hex("called the team; they correct it today")).doesNotContain("called the team"));
    assertThat(candidateGroups(reconcileTask())).containsExactly("nttdata-operators");
    assertThat(taskService.createTaskQuery().processInstanceId(report.getId()).taskDefinitionKey("Task_HandleEscalation")
        .count()).isZero();

    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "January's figures were sent", null, null);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    assertThat(status(DECEMBER)).isEqualTo(PeriodStatus.RECONCILED);
  }

  @Test
  void aSupervisorTakesTheLateTaskOverOnlyWithAReasonAndWorksItBesideTheOperators() {
    escalateToSupervisors();
    Task own = escalationTaskOf(report.getId(), "nttdata-supervisors");

    assertThatThrownBy(() -> handleEscalation(SUPERVISOR, own, "TAKEN_OVER", " ")).rootCause()
        .isInstanceOf(Rejected.class).hasMessageContaining("引き継ぐ理由");
    assertThat(escalations(DECEMBER).get(0).handling()).isNull();

    handleEscalation(SUPERVISOR, own, "TAKEN_OVER", "operator on leave; I send the correction");

    assertThat(candidateGroups(reconcileTask())).containsExactlyInAnyOrder("nttdata-operators", "nttdata-supervisors");
    resolve(SUPERVISOR, DECEMBER, Resolution.CORRECTED_REPORT, "January's figures were sent", null, null);
    assertThat(discrepancies(DECEMBER).get(0).resolvedBy()).isEqualTo(SUPERVISOR);
    assertThat(auditPayloads("ESCALATION_HANDLED", auditSeqBefore)).singleElement()
        .satisfies(payload -> assertThat(payload).contains("TAKEN_OVER")
            .contains(Sha256.hex("operator on leave; I send the correction")).doesNotContain("operator on leave"));
  }

  @Test
  void theComplianceOfficerOfAnotherPartyAcknowledgesButCannotTakeOverThroughAnyChannel() {
    escalateToSupervisors();
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToComplianceOfficer").plusSeconds(1));
    Task own = escalationTaskOf(report.getId(), "jmimo-compliance");
    assertThat(taskService.getVariablesLocal(own.getId())).containsEntry(EscalationVariables.MAY_TAKE_OVER, false);

    var forged = engineRestPost(COMPLIANCE_OFFICER, "/task/" + own.getId() + "/complete",
        Map.of("variables", Map.of(ESCALATION_HANDLING, Map.of("value", "TAKEN_OVER"),
            ESCALATION_NOTE, Map.of("value", "we take it"))));
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody()).contains("引き継げるのは対応すべき組織の監督者だけです");
    assertThat(candidateGroups(reconcileTask())).containsExactly("nttdata-operators");

    var acknowledged = engineRestPost(COMPLIANCE_OFFICER, "/task/" + own.getId() + "/complete",
        Map.of("variables", Map.of(ESCALATION_HANDLING, Map.of("value", "ACKNOWLEDGED"),
            ESCALATION_NOTE, Map.of("value", "no December data provided until reconciled"))));
    assertThat(acknowledged.getStatusCode().is2xxSuccessful()).isTrue();
    assertThat(escalations(DECEMBER)).extracting(e -> e.escalatedTo() + " " + e.handling())
        .containsExactly("nttdata-supervisors null", "jmimo-compliance ACKNOWLEDGED");
  }

  @Test
  void onlyTheGroupAnEscalationReachedHandlesIt() {
    escalateToSupervisors();
    Task own = escalationTaskOf(report.getId(), "nttdata-supervisors");
    var fields = Map.of("variables", Map.of(ESCALATION_HANDLING, Map.of("value", "ACKNOWLEDGED")));

    for (String outsider : List.of(KEEPER_OPERATOR, LDI_OPERATOR, COMPLIANCE_OFFICER)) {
      assertThat(engineRestPost(outsider, "/task/" + own.getId() + "/complete", fields).getStatusCode()
          .is4xxClientError()).as(outsider).isTrue();
    }
    assertThat(escalations(DECEMBER).get(0).handling()).isNull();
  }

  @Test
  void reconcilingTheMonthEndsItsInstanceWithEscalationsLeftOpen() {
    escalateToSupervisors();
    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "January's figures were sent", null, null);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);

    BpmnAwareTests.assertThat(report).isEnded().hasPassed("EndEvent_PeriodReconciled");
    assertThat(escalations(DECEMBER).get(0).handling()).isNull();
  }

  /** One rule, drawn once: every late wait throws an escalation; one sub-process escalates them all. */
  @Test
  void theEscalationIsDrawnOnceAndEveryTimerThrowsToIt() {
    assertEscalationDrawnOnce(report.getProcessDefinitionId(), 11);
  }

  private void escalateToSupervisors() {
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    assertThat(escalations(DECEMBER)).extracting(e -> e.escalatedTo()).contains("nttdata-supervisors");
  }

  private Task reconcileTask() {
    return taskService.createTaskQuery().processInstanceId(report.getId())
        .taskDefinitionKey(ProcessKeys.TASK_RECONCILE_DISCREPANCY).singleResult();
  }
}
