package io.optoutchain.identity;

import io.optoutchain.party.PartyGroups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates, if missing, the regulators' group and the configured users. Existing users keep their
 * passwords: configuration never overwrites what an administrator changed. A party's own groups come
 * with the party ({@link PartyAccess}): the seed's parties are written before this runs.
 */
@Component
@Order(1)
public class IdentitySeeder implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(IdentitySeeder.class);

  private final IdentityService identityService;
  private final IdentityProperties properties;

  public IdentitySeeder(IdentityService identityService, IdentityProperties properties) {
    this.identityService = identityService;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    ensureGroup(PartyGroups.REGULATORS, "Regulators / 規制当局 (read-only)");
    for (IdentityProperties.UserDefinition definition : properties.users()) {
      if (identityService.createUserQuery().userId(definition.id()).count() == 0) {
        User user = identityService.newUser(definition.id());
        user.setPassword(definition.password());
        user.setFirstName(definition.id());
        user.setLastName("");
        user.setEmail(definition.email());
        identityService.saveUser(user);
        definition.groups().forEach(group -> identityService.createMembership(definition.id(), group));
        log.info("Created user {} in {}", definition.id(), definition.groups());
      }
    }
  }

  private void ensureGroup(String id, String name) {
    if (identityService.createGroupQuery().groupId(id).count() == 0) {
      Group group = identityService.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identityService.saveGroup(group);
    }
  }
}
