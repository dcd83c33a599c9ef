package io.optoutchain.reporting.process;

import io.optoutchain.party.PartyGroups;
import io.optoutchain.reporting.EscalationLevel;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Brings a long-unresolved wait or discrepancy to the final recipient's compliance officer; the period is ESCALATED. */
@Component
public class EscalateToComplianceOfficerDelegate implements JavaDelegate {

  private final Escalation escalation;
  private final ReportRouting routing;
  private final PartyGroups groups;

  public EscalateToComplianceOfficerDelegate(Escalation escalation, ReportRouting routing, PartyGroups groups) {
    this.escalation = escalation;
    this.routing = routing;
    this.groups = groups;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String recipient = routing.report(execution).finalRecipient();
    // The recipient's operators see it too: they must not provide data from an escalated period.
    escalation.escalate(execution, EscalationLevel.COMPLIANCE, groups.compliance(recipient),
        groups.operators(recipient));
  }
}
