package io.optoutchain.process;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Runs engine calls as a named user with that user's groups, as Tasklist would: for the demo's
 * replay of what each party's operators did, and for tests that act as them.
 */
@Component
public class EngineAsUser {

  private final IdentityService identityService;

  public EngineAsUser(IdentityService identityService) {
    this.identityService = identityService;
  }

  public <T> T run(String userId, Supplier<T> call) {
    Authentication previous = identityService.getCurrentAuthentication();
    List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).toList();
    identityService.setAuthentication(userId, groups);
    try {
      return call.get();
    } finally {
      if (previous == null) {
        identityService.clearAuthentication();
      } else {
        identityService.setAuthentication(previous);
      }
    }
  }

  public void run(String userId, Runnable action) {
    run(userId, () -> {
      action.run();
      return null;
    });
  }
}
