package io.optoutchain.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks Basic credentials against Camunda's identity, the same users and groups Tasklist knows.
 * Failures meet the back-off and the bounded audit record of {@link FailedLogins}.
 */
@Component
public class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  private final IdentityService identityService;
  private final FailedLogins failedLogins;

  public CamundaIdentityAuthenticationProvider(IdentityService identityService, FailedLogins failedLogins) {
    this.identityService = identityService;
    this.failedLogins = failedLogins;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    String client = client(authentication);
    Optional<Duration> wait = failedLogins.retryAfter(userId, client);
    if (wait.isPresent()) {
      throw new LoginBackedOff(wait.get());
    }
    String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    if (userId == null || userId.isBlank() || !identityService.checkPassword(userId, password)) {
      refused(userId, client);
    }
    failedLogins.succeeded(userId);
    List<SimpleGrantedAuthority> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).map(SimpleGrantedAuthority::new).toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, groups);
  }

  private void refused(String userId, String client) {
    failedLogins.failed(userId, client, "basic");
    throw new BadCredentialsException("unknown user or wrong password");
  }

  private static String client(Authentication authentication) {
    return authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
        ? web.getRemoteAddress() : "unknown";
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
