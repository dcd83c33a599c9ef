package io.optoutchain.party;

import io.optoutchain.error.Rejected;
import java.util.HashSet;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The actor of the current engine command, read from the engine's authentication: Tasklist sets
 * it for its users, the API sets it for each request. Nothing is recorded without one.
 */
@Component
public class CurrentActor {

  private final IdentityService identityService;
  private final PartyGroups partyGroups;

  public CurrentActor(IdentityService identityService, PartyGroups partyGroups) {
    this.identityService = identityService;
    this.partyGroups = partyGroups;
  }

  /** The actor, if the current command has an authenticated user; empty for the engine's own jobs. */
  public java.util.Optional<Actor> current() {
    Authentication authentication = identityService.getCurrentAuthentication();
    return authentication == null || authentication.getUserId() == null ? java.util.Optional.empty()
        : java.util.Optional.of(require());
  }

  public Actor require() {
    Authentication authentication = identityService.getCurrentAuthentication();
    if (authentication == null || authentication.getUserId() == null) {
      throw Rejected.forbidden("この操作にはログインが必要です", "this action needs an authenticated user");
    }
    var groups = authentication.getGroupIds() == null
        ? new HashSet<String>() : new HashSet<>(authentication.getGroupIds());
    return new Actor(authentication.getUserId(), partyGroups.partyOf(groups).orElse(null), groups);
  }

  /** The actor, who must work for a party. */
  public Actor requireParty() {
    Actor actor = require();
    if (actor.partyId() == null) {
      throw Rejected.forbidden("ユーザー " + actor.userId() + " はどの組織にも所属していません",
          "user " + actor.userId() + " works for no party");
    }
    return actor;
  }
}
