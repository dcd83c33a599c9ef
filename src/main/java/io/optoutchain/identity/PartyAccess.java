package io.optoutchain.identity;

import io.optoutchain.process.EngineTables;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.ProcessKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A party's groups and what they may do follow the party: creating a party creates its three groups
 * ({@link PartyGroups}) and their grants, renaming it renames the groups, in the transaction that
 * changes the party, so a party never exists without its groups and a refused import leaves none.
 *
 * <p>Each group gets what Camunda's {@code IdentityService.saveGroup} gives a new group (its members
 * read the group) and what the product gives every party's group: Tasklist, and reading the monthly
 * report's definition (its tasks are granted per task). The rows are written straight into the
 * engine's two tables, {@code ACT_ID_GROUP} and {@code ACT_RU_AUTHORIZATION} (with the engine's table
 * prefix, its id generator and its own permission bits), one statement each per {@value #CHUNK}
 * parties, whatever exists already being left alone. Measured on 2 cores for 180,000 facilities
 * (540,000 groups, 1,620,000 grants; README, "Import figures"): a {@code saveGroup} and two {@code
 * saveAuthorization} per group, each an engine command of several round trips, would take about 295 s
 * for the groups alone; the engine's entity manager in commands of 1,000 parties reached at most
 * about 950 parties a second (its flush orders each command's grants by their references to each
 * other); these statements import the whole file in about a minute. What this skips of the engine's services is
 * their user operation log (the import has its own audit event) and their authorization check (the
 * administrator's API checks first). PartyAdminApiTest holds the rows equal to what the services
 * write. Renaming goes through the engine's entity manager: it is rare, a few groups at a time.
 */
@Component
public class PartyAccess {

  static final int CHUNK = 1_000;

  /** The type every party group has in Camunda's Admin. */
  static final String GROUP_TYPE = "WORKFLOW";

  private final IdentityService identityService;
  private final ProcessEngineConfigurationImpl engine;
  private final PartyGroups groups;
  private final JdbcTemplate jdbc;

  public PartyAccess(IdentityService identityService, ProcessEngine processEngine, PartyGroups groups,
      JdbcTemplate jdbc) {
    this.identityService = identityService;
    this.jdbc = jdbc;
    this.engine = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();
    this.groups = groups;
  }

  /** A grant every group of a party has; {@code resourceId} null means the group itself. */
  record Grant(Resource resource, String resourceId, Permission permission) {

    String resourceIdFor(String group) {
      return resourceId == null ? group : resourceId;
    }

    /** The permission as the engine stores it in a grant: the engine's own entity computes it. */
    int bits() {
      AuthorizationEntity entity = new AuthorizationEntity(Authorization.AUTH_TYPE_GRANT);
      entity.addPermission(permission);
      return entity.getPermissions();
    }
  }

  static final List<Grant> GRANTS = List.of(
      // What the engine's default authorization provider gives a new group: its members read it.
      new Grant(Resources.GROUP, null, Permissions.READ),
      new Grant(Resources.APPLICATION, "tasklist", Permissions.ACCESS),
      new Grant(Resources.PROCESS_DEFINITION, ProcessKeys.MONTHLY_REPORT, Permissions.READ),
      new Grant(Resources.PROCESS_DEFINITION, ProcessKeys.INTAKE, Permissions.READ));

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
    String[] ids = parties.stream().flatMap(p -> groupsOf(p.id()).stream()).toArray(String[]::new);
    Set<String> existingGroups = new HashSet<>(jdbc.queryForList(
        "select id_ from " + table("ACT_ID_GROUP") + " where id_ = any(?)", String.class, (Object) ids));
    Set<String> existingGrants = new HashSet<>();
    jdbc.query("select group_id_, resource_type_, resource_id_ from " + table("ACT_RU_AUTHORIZATION")
            + " where type_ = ? and group_id_ = any(?)",
        rs -> {
          existingGrants.add(key(rs.getString(1), rs.getInt(2), rs.getString(3)));
        }, Authorization.AUTH_TYPE_GRANT, ids);

    List<String> groupIds = new ArrayList<>();
    List<String> groupNames = new ArrayList<>();
    List<String> grantIds = new ArrayList<>();
    List<String> grantGroups = new ArrayList<>();
    List<Integer> grantTypes = new ArrayList<>();
    List<String> grantResources = new ArrayList<>();
    List<Integer> grantPermissions = new ArrayList<>();
    for (Party party : parties) {
      List<String> partyGroups = groupsOf(party.id());
      List<String> names = groupNames(party);
      for (int i = 0; i < partyGroups.size(); i++) {
        String group = partyGroups.get(i);
        if (!existingGroups.contains(group)) {
          groupIds.add(group);
          groupNames.add(names.get(i));
        }
        for (Grant grant : GRANTS) {
          if (!existingGrants.contains(key(group, grant.resource().resourceType(), grant.resourceIdFor(group)))) {
            grantIds.add(engine.getIdGenerator().getNextId());
            grantGroups.add(group);
            grantTypes.add(grant.resource().resourceType());
            grantResources.add(grant.resourceIdFor(group));
            grantPermissions.add(grant.bits());
          }
        }
      }
    }
    if (!groupIds.isEmpty()) {
      jdbc.update("insert into " + table("ACT_ID_GROUP") + " (id_, rev_, name_, type_)"
              + " select g, 1, n, ? from unnest(?::varchar[], ?::varchar[]) as t(g, n)",
          GROUP_TYPE, groupIds.toArray(String[]::new), groupNames.toArray(String[]::new));
    }
    if (!grantIds.isEmpty()) {
      jdbc.update("insert into " + table("ACT_RU_AUTHORIZATION")
              + " (id_, rev_, type_, group_id_, resource_type_, resource_id_, perms_)"
              + " select i, 1, ?, g, r, x, p from unnest(?::varchar[], ?::varchar[], ?::integer[], ?::varchar[],"
              + " ?::integer[]) as t(i, g, r, x, p)",
          Authorization.AUTH_TYPE_GRANT, grantIds.toArray(String[]::new), grantGroups.toArray(String[]::new),
          grantTypes.toArray(Integer[]::new), grantResources.toArray(String[]::new),
          grantPermissions.toArray(Integer[]::new));
    }
  }

  private String table(String name) {
    return EngineTables.named(engine, name);
  }

  private static String key(String group, int resourceType, String resourceId) {
    return group + '\n' + resourceType + '\n' + resourceId;
  }

  /** The groups of a party, as Camunda has them (for the admin page). */
  public List<Group> groupsAsTheEngineHasThem(String partyId) {
    return identityService.createGroupQuery().groupIdIn(groupsOf(partyId).toArray(String[]::new)).list();
  }
}
