package io.optoutchain.reporting.process;

import io.optoutchain.notification.EscalationNotifier;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Escalating means: the escalated group is recorded, and it becomes a candidate of every open task
 * of the report, so it sees the work in Tasklist and can act on it, and its members are mailed.
 */
@Component
class Escalation {

  private final MonthlyReportService reports;
  private final TaskService taskService;
  private final EscalationNotifier notifier;

  Escalation(MonthlyReportService reports, TaskService taskService, EscalationNotifier notifier) {
    this.reports = reports;
    this.taskService = taskService;
    this.notifier = notifier;
  }

  /** Escalates to {@code group} (recorded and mailed); {@code alsoShownTo} only see the task. */
  void escalate(DelegateExecution execution, EscalationLevel level, String group, String... alsoShownTo) {
    String cause = (String) execution.getVariableLocal(ReportVariables.ESCALATION_CAUSE);
    var ref = ReportVariables.periodRef(execution);
    reports.recordEscalation(ref, level, group, cause, execution.getProcessInstanceId());
    notifier.escalated(ref, level, group, cause);
    taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active().list()
        .forEach(task -> {
          taskService.addCandidateGroup(task.getId(), group);
          for (String watcher : alsoShownTo) {
            taskService.addCandidateGroup(task.getId(), watcher);
          }
          taskService.setVariableLocal(task.getId(), ReportVariables.ESCALATED, true);
        });
  }
}
