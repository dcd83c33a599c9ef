package io.optoutchain.reporting.process;

import io.optoutchain.notification.EscalationNotifier;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Escalating means: the escalated group is recorded and mailed, and it may read every open task of
 * the report, so it follows the work in Tasklist. It does not become a candidate: the task stays the
 * responsible party's, which no watcher can claim, reassign or rewrite.
 */
@Component
class Escalation {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final TaskService taskService;
  private final AuthorizationService authorizations;
  private final EscalationNotifier notifier;

  Escalation(MonthlyReportService reports, ReportRouting routing, TaskService taskService,
      AuthorizationService authorizations, EscalationNotifier notifier) {
    this.reports = reports;
    this.routing = routing;
    this.taskService = taskService;
    this.authorizations = authorizations;
    this.notifier = notifier;
  }

  /** Escalates to {@code group} (recorded and mailed); {@code alsoShownTo} only see the task. */
  void escalate(DelegateExecution execution, EscalationLevel level, String group, String... alsoShownTo) {
    String cause = (String) execution.getVariableLocal(ReportVariables.ESCALATION_CAUSE);
    var ref = routing.report(execution);
    reports.recordEscalation(ref, level, group, cause, execution.getProcessInstanceId());
    notifier.escalated(ref, level, group, cause);
    taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active().list()
        .forEach(task -> {
          letRead(group, task.getId());
          for (String watcher : alsoShownTo) {
            letRead(watcher, task.getId());
          }
          taskService.setVariableLocal(task.getId(), ReportVariables.ESCALATED, true);
        });
  }

  private void letRead(String group, String taskId) {
    if (authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(Resources.TASK).resourceId(taskId)
        .count() > 0) {
      return;
    }
    Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    read.setGroupId(group);
    read.setResource(Resources.TASK);
    read.setResourceId(taskId);
    read.addPermission(Permissions.READ);
    authorizations.saveAuthorization(read);
  }
}
