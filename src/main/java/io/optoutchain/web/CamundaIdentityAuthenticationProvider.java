package io.optoutchain.web;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import io.optoutchain.audit.AuditTrail;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** Checks API credentials against Camunda's identity, the same users and groups Tasklist knows. */
@Component
public class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  private static final Logger log = LoggerFactory.getLogger(CamundaIdentityAuthenticationProvider.class);

  private final IdentityService identityService;
  private final AuditTrail audit;
  private final TransactionTemplate ownTransaction;

  public CamundaIdentityAuthenticationProvider(IdentityService identityService, AuditTrail audit,
      PlatformTransactionManager transactions) {
    this.identityService = identityService;
    this.audit = audit;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    if (userId == null || userId.isBlank() || !identityService.checkPassword(userId, password)) {
      log.warn("API login refused for user '{}'", userId);
      ownTransaction.executeWithoutResult(status -> audit.append("LOGIN_FAILED", "anonymous", null, null, null,
          java.util.Map.of("userId", String.valueOf(userId), "channel", "api")));
      throw new BadCredentialsException("unknown user or wrong password");
    }
    List<SimpleGrantedAuthority> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).map(SimpleGrantedAuthority::new).toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, groups);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
