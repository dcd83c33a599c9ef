package io.optoutchain.identity;

import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.process.TaskWatchers;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What each group may do, with authorizations on. A party's groups reach Tasklist and see only
 * the tasks they are candidates of (the engine grants those per task); regulators read process
 * history in Cockpit and change nothing; administrators ({@code camunda-admin}) may do all.
 * Also the Tasklist filters every party shares. Idempotent: run at every start.
 */
@Component
@Order(2)
public class AccessSeeder implements ApplicationRunner {

  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService taskService;
  private final PartyDirectory directory;
  private final PartyGroups groups;

  public AccessSeeder(AuthorizationService authorizations, FilterService filters, TaskService taskService,
      PartyDirectory directory, PartyGroups groups) {
    this.authorizations = authorizations;
    this.filters = filters;
    this.taskService = taskService;
    this.directory = directory;
    this.groups = groups;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (Party party : directory.parties()) {
      for (String group : new String[] {groups.operators(party.id()), groups.supervisors(party.id()),
          groups.compliance(party.id())}) {
        grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        grant(group, Resources.PROCESS_DEFINITION, ProcessKeys.MONTHLY_REPORT, Permissions.READ);
        grant(group, Resources.PROCESS_DEFINITION, ProcessKeys.INTAKE, Permissions.READ);
      }
    }
    // Regulators read every instance and its history on the app's history pages: Cockpit's free
    // edition shows Delete, Edit and Suspend to everyone, buttons a regulator cannot use.
    revoke(PartyGroups.REGULATORS, Resources.APPLICATION, "cockpit");
    grant(PartyGroups.REGULATORS, Resources.PROCESS_DEFINITION, "*", Permissions.READ, Permissions.READ_HISTORY,
        Permissions.READ_INSTANCE);
    grant(PartyGroups.REGULATORS, Resources.PROCESS_INSTANCE, "*", Permissions.READ);
    grant(PartyGroups.REGULATORS, Resources.DEPLOYMENT, "*", Permissions.READ);

    filter("担当タスク / My party's tasks", 10, partyTasks());
    filter("期限超過 / Overdue", 20, partyTasks().dueBeforeExpression("${now()}"));
    // Escalated tasks are shown to the groups they were escalated to, who may read but not take them.
    filter("上申済み / Escalated", 30, taskService.createTaskQuery()
        .taskVariableValueEquals(TaskWatchers.ESCALATED, true).orderByDueDate().asc());
  }

  private TaskQuery partyTasks() {
    return taskService.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
        .includeAssignedTasks().orderByDueDate().asc();
  }

  private void filter(String name, int priority, TaskQuery query) {
    Filter existing = filters.createFilterQuery().filterName(name).singleResult();
    if (existing != null) {
      filters.saveFilter(existing.setQuery(query));
      return;
    }
    Filter filter = filters.newTaskFilter(name).setOwner(PartyGroups.ADMINISTRATORS).setQuery(query)
        .setProperties(Map.of("priority", priority, "description", name, "refresh", true));
    filters.saveFilter(filter);
    Authorization everyone = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GLOBAL);
    everyone.setUserId(Authorization.ANY);
    everyone.setResource(Resources.FILTER);
    everyone.setResourceId(filter.getId());
    everyone.addPermission(Permissions.READ);
    authorizations.saveAuthorization(everyone);
  }

  private void revoke(String group, Resource resource, String resourceId) {
    authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(resource).resourceId(resourceId).list()
        .forEach(authorization -> authorizations.deleteAuthorization(authorization.getId()));
  }

  private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    if (authorizations.createAuthorizationQuery().groupIdIn(group).resourceType(resource).resourceId(resourceId)
        .count() > 0) {
      return;
    }
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
