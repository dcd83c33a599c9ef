package io.optoutchain.web;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A login not even checked, because its user or client failed too often just now. */
public class LoginBackedOff extends AuthenticationException {

  private final Duration retryAfter;

  public LoginBackedOff(Duration retryAfter) {
    super("too many failed logins; retry later");
    this.retryAfter = retryAfter;
  }

  /** Whole seconds, rounded up, so a client that waits exactly this long is let through. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
