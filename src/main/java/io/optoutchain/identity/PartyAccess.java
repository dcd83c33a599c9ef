package io.optoutchain.identity;

import io.optoutchain.party.Party;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.ProcessKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.GroupEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A party's groups and what they may do follow the party: creating a party creates its three groups
 * ({@link PartyGroups}) and their grants, renaming it renames the groups, in the transaction that
 * changes the party (the engine's commands join it), so a party never exists without its groups.
 *
 * <p>Each group gets what Camunda's {@code IdentityService.saveGroup} gives a new group (its members
 * read the group) and what the product gives every party's group: Tasklist, and reading the monthly
 * report's definition (its tasks are granted per task). Parties are written in chunks of
 * {@value #CHUNK}, each one engine command that inserts its groups and grants through the engine's
 * entity manager: its flush sends them as JDBC batches. One {@code saveGroup} and {@code
 * saveAuthorization} per row, a command and several round trips each, took far longer for 180,000
 * facilities (540,000 groups): see the README's import figures. Nothing is written that exists.
 */
@Component
public class PartyAccess {

  static final int CHUNK = 1_000;

  /** The type every party group has in Camunda's Admin. */
  static final String GROUP_TYPE = "WORKFLOW";

  private final IdentityService identityService;
  private final AuthorizationService authorizationService;
  private final ProcessEngineConfigurationImpl engine;
  private final PartyGroups groups;

  public PartyAccess(IdentityService identityService, AuthorizationService authorizationService,
      ProcessEngine processEngine, PartyGroups groups) {
    this.identityService = identityService;
    this.authorizationService = authorizationService;
    this.engine = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    this.groups = groups;
  }

  /** A grant every group of a party has; {@code resourceId} null means the group itself. */
  record Grant(Resource resource, String resourceId, Permission permission) {

    String resourceIdFor(String group) {
      return resourceId == null ? group : resourceId;
    }
  }

  static final List<Grant> GRANTS = List.of(
      // What the engine's default authorization provider gives a new group: its members read it.
      new Grant(Resources.GROUP, null, Permissions.READ),
      new Grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS),
      new Grant(Resources.PROCESS_DEFINITION, ProcessKeys.MONTHLY_REPORT, Permissions.READ));

  /** The party's three groups: operators, supervisors, compliance. */
  public List<String> groupsOf(String partyId) {
    return List.of(groups.operators(partyId), groups.supervisors(partyId), groups.compliance(partyId));
  }

  /** The groups' names in Camunda's Admin and Tasklist, from the party's display name. */
  List<String> groupNames(Party party) {
    return List.of(party.name() + " operators / 担当者", party.name() + " supervisors / 監督者",
        party.name() + " compliance / コンプライアンス責任者");
  }

  /** Creates whatever of the parties' groups and grants is missing. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void open(Collection<Party> parties) {
    List<Party> chunk = new ArrayList<>(CHUNK);
    for (Party party : parties) {
      chunk.add(party);
      if (chunk.size() == CHUNK) {
        openChunk(chunk);
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      openChunk(chunk);
    }
  }

  /** Names the parties' groups after the parties' current names. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void rename(Collection<Party> parties) {
    List<Party> all = List.copyOf(parties);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<Party> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      engine.getCommandExecutorTxRequired().execute((Command<Void>) context -> {
        for (Party party : chunk) {
          List<String> ids = groupsOf(party.id());
          List<String> names = groupNames(party);
          for (int i = 0; i < ids.size(); i++) {
            GroupEntity group = context.getDbEntityManager().selectById(GroupEntity.class, ids.get(i));
            if (group != null && !Objects.equals(group.getName(), names.get(i))) {
              // The entity manager writes the changed name at the command's flush.
              group.setName(names.get(i));
            }
          }
        }
        return null;
      });
    }
  }

  private void openChunk(List<Party> parties) {
    List<String> groupIds = parties.stream().flatMap(p -> groupsOf(p.id()).stream()).toList();
    String[] ids = groupIds.toArray(String[]::new);
    Set<String> existingGroups = new HashSet<>();
    identityService.createGroupQuery().groupIdIn(ids).list().forEach(g -> existingGroups.add(g.getId()));
    Set<String> existingGrants = new HashSet<>();
    authorizationService.createAuthorizationQuery().groupIdIn(ids).list()
        .forEach(a -> existingGrants.add(key(a.getGroupId(), a.getResourceType(), a.getResourceId())));

    List<GroupEntity> newGroups = new ArrayList<>();
    List<AuthorizationEntity> newGrants = new ArrayList<>();
    for (Party party : parties) {
      List<String> partyGroups = groupsOf(party.id());
      List<String> names = groupNames(party);
      for (int i = 0; i < partyGroups.size(); i++) {
        String group = partyGroups.get(i);
        if (!existingGroups.contains(group)) {
          GroupEntity entity = new GroupEntity(group);
          entity.setName(names.get(i));
          entity.setType(GROUP_TYPE);
          newGroups.add(entity);
        }
        for (Grant grant : GRANTS) {
          if (!existingGrants.contains(key(group, grant.resource().resourceType(), grant.resourceIdFor(group)))) {
            AuthorizationEntity authorization = new AuthorizationEntity(Authorization.AUTH_TYPE_GRANT);
            authorization.setGroupId(group);
            authorization.setResource(grant.resource());
            authorization.setResourceId(grant.resourceIdFor(group));
            authorization.addPermission(grant.permission());
            newGrants.add(authorization);
          }
        }
      }
    }
    if (newGroups.isEmpty() && newGrants.isEmpty()) {
      return;
    }
    engine.getCommandExecutorTxRequired().execute((Command<Void>) context -> {
      newGroups.forEach(context.getDbEntityManager()::insert);
      newGrants.forEach(context.getDbEntityManager()::insert);
      return null;
    });
  }

  private static String key(String group, int resourceType, String resourceId) {
    return group + '\n' + resourceType + '\n' + resourceId;
  }

  /** The groups of a party, as Camunda has them (for the admin page). */
  public List<Group> groupsAsTheEngineHasThem(String partyId) {
    return identityService.createGroupQuery().groupIdIn(groupsOf(partyId).toArray(String[]::new)).list();
  }
}
