package io.optoutchain.process;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the checks that run after an operator completes a task are retried when they fail for a
 * technical reason (the database away, a bug): the engine's retry cycle of their async continuation,
 * after which the failure is an incident an administrator retries in Cockpit.
 *
 * @param retryCycle the ISO-8601 repetition ({@code R3/PT1M}: three tries, a minute apart)
 */
@ConfigurationProperties("optout.checks")
public record ChecksProperties(String retryCycle) {

  public ChecksProperties {
    if (retryCycle == null || retryCycle.isBlank()) {
      retryCycle = "R3/PT1M";
    }
  }
}
