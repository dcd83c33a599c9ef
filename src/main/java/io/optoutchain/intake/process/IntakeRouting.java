package io.optoutchain.intake.process;

import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.intake.IntakeState;
import io.optoutchain.party.PartyGroups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Tells the intake's diagram which request it runs, who acts and which way to go, from our tables keyed
 * by the process instance. Nothing here reads a process variable: a user who could write one cannot
 * redirect a task, skip a hop or change the key.
 */
@Component("intakeRouting")
public class IntakeRouting {

  private final IntakeService intakes;
  private final PartyGroups groups;

  public IntakeRouting(IntakeService intakes, PartyGroups groups) {
    this.intakes = intakes;
    this.groups = groups;
  }

  public IntakeRequest request(DelegateExecution execution) {
    return intakes.ofProcessInstance(execution.getProcessInstanceId());
  }

  /** The candidate group of a user task: the hospital's operators, or those of the hop whose turn it is. */
  public String operators(DelegateExecution execution, String role) {
    IntakeRequest request = request(execution);
    return switch (role) {
      case "HOSPITAL" -> groups.operators(request.hospitalId());
      case "HOP" -> groups.operators(request.hopParty());
      default -> throw new IllegalArgumentException("no intake role " + role);
    };
  }

  /** Whether the hospital has the patient's key (false for a call centre's request not yet identified). */
  public boolean keyKnown(DelegateExecution execution) {
    return request(execution).state() != IntakeState.IDENTIFYING;
  }

  /** Whether the hospital identified the patient of a call centre's request (false: no patient matched). */
  public boolean identified(DelegateExecution execution) {
    return request(execution).patientKey() != null;
  }

  /** Where the last check led: NEXT_HOP, DIFFERS or RECORDED, from the request's state. */
  public String outcome(DelegateExecution execution) {
    return intakes.outcome(execution.getProcessInstanceId()).name();
  }
}
