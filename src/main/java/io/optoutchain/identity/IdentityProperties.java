package io.optoutchain.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Users created at start-up if missing (the demo profile lists its demo users here). */
@ConfigurationProperties("optout.identity")
public record IdentityProperties(List<UserDefinition> users) {

  public IdentityProperties {
    users = users == null ? List.of() : List.copyOf(users);
  }

  public record UserDefinition(String id, String password, String email, List<String> groups) {}
}
