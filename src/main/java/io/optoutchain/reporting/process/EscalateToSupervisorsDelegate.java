package io.optoutchain.reporting.process;

import io.optoutchain.party.PartyGroups;
import io.optoutchain.reporting.EscalationLevel;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Brings an overdue wait or an unresolved discrepancy to the supervisors of the party that must act. */
@Component
public class EscalateToSupervisorsDelegate implements JavaDelegate {

  private final Escalation escalation;
  private final ReportRouting routing;
  private final PartyGroups groups;

  public EscalateToSupervisorsDelegate(Escalation escalation, ReportRouting routing, PartyGroups groups) {
    this.escalation = escalation;
    this.routing = routing;
    this.groups = groups;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var role = ReportRole.valueOf((String) execution.getVariableLocal(ReportVariables.ESCALATED_ROLE));
    String party = routing.party(execution, role);
    escalation.escalate(execution, EscalationLevel.SUPERVISORS, groups.supervisors(party));
  }
}
