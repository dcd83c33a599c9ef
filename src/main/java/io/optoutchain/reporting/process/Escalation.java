package io.optoutchain.reporting.process;

import io.optoutchain.notification.EscalationNotifier;
import io.optoutchain.process.TaskWatchers;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.MonthlyReportService;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Escalating means: the escalated group is recorded and mailed, and it follows every open task of
 * the report (see {@link TaskWatchers}); the task stays the responsible party's.
 */
@Component
class Escalation {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final TaskWatchers watchers;
  private final EscalationNotifier notifier;

  Escalation(MonthlyReportService reports, ReportRouting routing, TaskWatchers watchers,
      EscalationNotifier notifier) {
    this.reports = reports;
    this.routing = routing;
    this.watchers = watchers;
    this.notifier = notifier;
  }

  /** Escalates to {@code group} (recorded and mailed); {@code alsoShownTo} only see the task. */
  void escalate(DelegateExecution execution, EscalationLevel level, String group, String... alsoShownTo) {
    String cause = (String) execution.getVariableLocal(ReportVariables.ESCALATION_CAUSE);
    var ref = routing.report(execution);
    reports.recordEscalation(ref, level, group, cause, execution.getProcessInstanceId());
    notifier.escalated(ref, level, group, cause);
    List<String> groups = new ArrayList<>(List.of(alsoShownTo));
    groups.add(0, group);
    watchers.follow(execution.getProcessInstanceId(), groups, ReportVariables.FOR_THE_TASKS_PARTY_ONLY);
  }
}
