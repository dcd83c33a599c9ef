package io.optoutchain.web;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Bounded;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every channel that takes a password (HTTP Basic on /api and /engine-rest, the webapps' login form)
 * meets the same back-off and the same bounded record: a caller that failed too often just now is
 * turned away before its password is checked, and a burst of failures is one audit row, with the
 * user id as typed cut to {@value Bounded#NAME} characters.
 */
@Component
public class FailedLogins {

  private static final Logger log = LoggerFactory.getLogger(FailedLogins.class);

  private final LoginBackOff backOff;
  private final AuditTrail audit;
  private final TransactionTemplate ownTransaction;

  public FailedLogins(LoginBackOff backOff, AuditTrail audit, PlatformTransactionManager transactions) {
    this.backOff = backOff;
    this.audit = audit;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** How long this caller must wait before its next attempt is checked, if it must. */
  public Optional<Duration> retryAfter(String userId, String client) {
    return backOff.retryAfter(userId, client);
  }

  public void succeeded(String userId) {
    backOff.succeeded(userId);
  }

  /** Counts a failure; the first of a burst is logged and audited in a transaction of its own. */
  public void failed(String userId, String client, String channel) {
    if (backOff.failed(userId, client)) {
      String typed = Bounded.text(String.valueOf(userId), Bounded.NAME);
      log.warn("Login refused for user '{}' from {} ({}); further failures of this burst are not logged", typed,
          client, channel);
      ownTransaction.executeWithoutResult(status -> audit.append("LOGIN_FAILED", "anonymous", null, null, null,
          Map.of("userId", typed, "client", client, "channel", channel)));
    }
  }
}
