package io.optoutchain.process;

import io.optoutchain.party.PartyGroups;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * How an escalation shows a task to the groups it reaches, in every process: they may read every
 * open task of the instance and follow it in the shared "Escalated" filter. They do not become
 * candidates, so none of them can claim, reassign or rewrite the responsible party's task. What a
 * task shows its own party only (a draft, the figures of a discrepancy) is taken off the task before
 * a group of another party may read it.
 */
@Component
public class TaskWatchers {

  /** Task-local mark of an escalated task, for the Tasklist filter "Escalated". */
  public static final String ESCALATED = "escalated";
  /** An escalated group's own task: not the late work, so other groups do not follow it. */
  public static final String HANDLE_ESCALATION = "Task_HandleEscalation";

  private final TaskService taskService;
  private final AuthorizationService authorizations;
  private final PartyGroups partyGroups;

  public TaskWatchers(TaskService taskService, AuthorizationService authorizations, PartyGroups partyGroups) {
    this.taskService = taskService;
    this.authorizations = authorizations;
    this.partyGroups = partyGroups;
  }

  public void follow(String processInstanceId, List<String> groups) {
    follow(processInstanceId, groups, Set.of());
  }

  /**
   * As {@link #follow(String, List)}; and where a group is not of the party whose candidates work the
   * task, the task-local variables {@code forTheTasksPartyOnly} are removed first.
   */
  public void follow(String processInstanceId, List<String> groups, Set<String> forTheTasksPartyOnly) {
    taskService.createTaskQuery().processInstanceId(processInstanceId).active().list().stream()
        .filter(task -> !HANDLE_ESCALATION.equals(task.getTaskDefinitionKey())).forEach(task -> {
      if (!forTheTasksPartyOnly.isEmpty() && reachesAnotherParty(task.getId(), groups)) {
        taskService.removeVariablesLocal(task.getId(), forTheTasksPartyOnly);
      }
      groups.forEach(group -> letRead(group, task.getId()));
      taskService.setVariableLocal(task.getId(), ESCALATED, true);
    });
  }

  private boolean reachesAnotherParty(String taskId, List<String> groups) {
    Set<String> parties = taskService.getIdentityLinksForTask(taskId).stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
        .map(IdentityLink::getGroupId).filter(Objects::nonNull)
        .map(partyGroups::partyOf).flatMap(java.util.Optional::stream).collect(Collectors.toSet());
    return groups.stream().map(partyGroups::partyOf).anyMatch(party -> party.isEmpty() || !parties.contains(party.get()));
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
