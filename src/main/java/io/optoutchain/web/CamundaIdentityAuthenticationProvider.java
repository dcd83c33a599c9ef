package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import io.optoutchain.audit.AuditTrail;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks Basic credentials against Camunda's identity, the same users and groups Tasklist knows.
 * A caller that failed too often just now is turned away before its password is checked (see
 * {@link LoginBackOff}); a failure is written to the audit trail once per burst, with the user id
 * as typed cut to {@value Bounded#NAME} characters.
 */
@Component
public class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  private static final Logger log = LoggerFactory.getLogger(CamundaIdentityAuthenticationProvider.class);

  private final IdentityService identityService;
  private final AuditTrail audit;
  private final LoginBackOff backOff;
  private final TransactionTemplate ownTransaction;

  public CamundaIdentityAuthenticationProvider(IdentityService identityService, AuditTrail audit, LoginBackOff backOff,
      PlatformTransactionManager transactions) {
    this.identityService = identityService;
    this.audit = audit;
    this.backOff = backOff;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    String client = client(authentication);
    Optional<Duration> wait = backOff.retryAfter(userId, client);
    if (wait.isPresent()) {
      throw new LoginBackedOff(wait.get());
    }
    String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    if (userId == null || userId.isBlank() || !identityService.checkPassword(userId, password)) {
      refused(userId, client);
    }
    backOff.succeeded(userId);
    List<SimpleGrantedAuthority> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).map(SimpleGrantedAuthority::new).toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, groups);
  }

  private void refused(String userId, String client) {
    if (backOff.failed(userId, client)) {
      String typed = Bounded.text(String.valueOf(userId), Bounded.NAME);
      log.warn("Login refused for user '{}' from {}; further failures of this burst are not logged", typed, client);
      ownTransaction.executeWithoutResult(status -> audit.append("LOGIN_FAILED", "anonymous", null, null, null,
          Map.of("userId", typed, "client", client, "channel", "basic")));
    }
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
