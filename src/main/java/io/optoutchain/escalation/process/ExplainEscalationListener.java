package io.optoutchain.escalation.process;

import io.optoutchain.escalation.EscalationService;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * When an escalated group's own task "Handle the escalation" is created, in any process: tells its
 * form what the escalation is about, what is late, whose work it is, when it was escalated, and
 * whether this group may take the late work over.
 */
@Component
public class ExplainEscalationListener implements TaskListener {

  private static final DateTimeFormatter TOKYO_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final EscalationTask escalationTask;
  private final EscalationService escalations;
  private final PartyDirectory directory;
  private final PartyGroups groups;

  public ExplainEscalationListener(EscalationTask escalationTask, EscalationService escalations,
      PartyDirectory directory, PartyGroups groups) {
    this.escalationTask = escalationTask;
    this.escalations = escalations;
    this.directory = directory;
    this.groups = groups;
  }

  @Override
  public void notify(DelegateTask task) {
    var process = escalationTask.processOf(task.getExecution());
    var escalation = escalationTask.escalation(task.getExecution());
    var brief = process.brief(escalation);
    String party = groups.partyOf(brief.mustActGroup()).orElse(brief.mustActGroup());
    task.setVariableLocal(EscalationVariables.ESCALATION_SUBJECT, brief.subject());
    task.setVariableLocal(EscalationVariables.ESCALATION_WHAT, brief.late());
    task.setVariableLocal(EscalationVariables.ESCALATION_MUST_ACT,
        directory.party(party).map(Party::name).orElse(party) + " (" + brief.mustActGroup() + ")");
    task.setVariableLocal(EscalationVariables.ESCALATED_ON,
        TOKYO_MINUTES.format(escalation.escalatedAt().atZone(ReportingPeriod.ZONE)) + " (JST)");
    task.setVariableLocal(EscalationVariables.MAY_TAKE_OVER, escalations.lateOperators(process, escalation).isPresent());
  }
}
