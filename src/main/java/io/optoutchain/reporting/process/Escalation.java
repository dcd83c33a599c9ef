package io.optoutchain.reporting.process;

import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Escalating means: the escalated group is recorded, and it becomes a candidate of every open task
 * of the report, so it sees the work in Tasklist and can act on it.
 */
@Component
class Escalation {

  private final MonthlyReportService reports;
  private final TaskService taskService;

  Escalation(MonthlyReportService reports, TaskService taskService) {
    this.reports = reports;
    this.taskService = taskService;
  }

  void escalate(DelegateExecution execution, EscalationLevel level, String group) {
    String cause = (String) execution.getVariableLocal(ReportVariables.ESCALATION_CAUSE);
    reports.recordEscalation(ReportVariables.periodRef(execution), level, group, cause,
        execution.getProcessInstanceId());
    taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active().list()
        .forEach(task -> {
          taskService.addCandidateGroup(task.getId(), group);
          taskService.setVariableLocal(task.getId(), ReportVariables.ESCALATED, true);
        });
  }
}
