package io.optoutchain.reporting.process;

import io.optoutchain.escalation.process.EscalationVariables;
import io.optoutchain.notification.EscalationNotifier;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.TaskWatchers;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The one escalation rule of the monthly report, for every late wait: a first escalation reaches the
 * supervisors of the party that must act, a last one the final recipient's compliance officer (and the
 * recipient's operators see it: they must not provide data from that month). The escalation is
 * recorded and mailed, the group follows the report's open tasks (see {@link TaskWatchers}) and gets
 * a task of its own; the late task stays the party's.
 */
@Component
public class EscalateDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final PartyGroups groups;
  private final TaskWatchers watchers;
  private final EscalationNotifier notifier;

  public EscalateDelegate(MonthlyReportService reports, ReportRouting routing, PartyGroups groups,
      TaskWatchers watchers, EscalationNotifier notifier) {
    this.reports = reports;
    this.routing = routing;
    this.groups = groups;
    this.watchers = watchers;
    this.notifier = notifier;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var code = EscalationCode.parse((String) execution.getVariable(EscalationVariables.ESCALATION_CODE));
    PeriodRef ref = routing.report(execution);
    String group;
    List<String> followers;
    if (code.level() == EscalationLevel.SUPERVISORS) {
      group = groups.supervisors(routing.party(execution, code.cause().mustAct()));
      followers = List.of(group);
    } else {
      group = groups.compliance(ref.finalRecipient());
      followers = List.of(group, groups.operators(ref.finalRecipient()));
    }
    String cause = code.cause().name();
    long escalationId = reports.recordEscalation(ref, code.level(), group, cause, execution.getProcessInstanceId());
    notifier.escalated(ref, code.level(), group, cause);
    watchers.follow(execution.getProcessInstanceId(), followers, ReportVariables.FOR_THE_TASKS_PARTY_ONLY);
    execution.setVariableLocal(EscalationVariables.ESCALATION_ID, escalationId);
  }
}
