package io.optoutchain.process;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.springframework.stereotype.Component;

/**
 * How an escalation shows a task to the groups it reaches, in every process: they may read every
 * open task of the instance and follow it in the shared "Escalated" filter. They do not become
 * candidates, so none of them can claim, reassign or rewrite the responsible party's task.
 */
@Component
public class TaskWatchers {

  /** Task-local mark of an escalated task, for the Tasklist filter "Escalated". */
  public static final String ESCALATED = "escalated";

  private final TaskService taskService;
  private final AuthorizationService authorizations;

  public TaskWatchers(TaskService taskService, AuthorizationService authorizations) {
    this.taskService = taskService;
    this.authorizations = authorizations;
  }

  public void follow(String processInstanceId, List<String> groups) {
    taskService.createTaskQuery().processInstanceId(processInstanceId).active().list().forEach(task -> {
      groups.forEach(group -> letRead(group, task.getId()));
      taskService.setVariableLocal(task.getId(), ESCALATED, true);
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
