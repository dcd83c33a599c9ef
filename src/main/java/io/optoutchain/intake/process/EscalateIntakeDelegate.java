package io.optoutchain.intake.process;

import io.optoutchain.escalation.process.EscalationVariables;
import io.optoutchain.intake.IntakeEscalationCause;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.TaskWatchers;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The one escalation rule of the intake, for every late wait: the late party (the hospital while it
 * identifies the patient, else the hop whose turn it is, from our tables) is escalated first to its
 * supervisors, later to its compliance officer. The escalation is recorded, the group follows the
 * request's open task (see {@link TaskWatchers}) and gets a task of its own; the late task stays the party's.
 */
@Component
public class EscalateIntakeDelegate implements JavaDelegate {

  private final IntakeService intakes;
  private final PartyGroups groups;
  private final TaskWatchers watchers;

  public EscalateIntakeDelegate(IntakeService intakes, PartyGroups groups, TaskWatchers watchers) {
    this.intakes = intakes;
    this.groups = groups;
    this.watchers = watchers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var code = IntakeEscalationCause.parse((String) execution.getVariable(EscalationVariables.ESCALATION_CODE));
    var request = intakes.ofProcessInstance(execution.getProcessInstanceId());
    String late = intakes.lateParty(request);
    String group = code.level() == IntakeEscalationCause.Level.SUPERVISORS ? groups.supervisors(late)
        : groups.compliance(late);
    long escalationId = intakes.recordEscalation(execution.getProcessInstanceId(), code, group);
    watchers.follow(execution.getProcessInstanceId(), List.of(group));
    execution.setVariableLocal(EscalationVariables.ESCALATION_ID, escalationId);
  }
}
