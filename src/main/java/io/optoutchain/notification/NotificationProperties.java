package io.optoutchain.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Escalation e-mail. Queued and sent only when an SMTP server is configured ({@code spring.mail.host}).
 *
 * @param from the sender address
 * @param tasklistUrl where the recipients find their tasks
 * @param sendEvery the pause between two runs of the outbox's sender ({@code -} turns the schedule off)
 * @param batchSize how many due mails one claim takes
 * @param maxAttempts sends tried before a mail is marked failed
 * @param retryAfter the wait after the first failed send, doubled after each further one
 */
@ConfigurationProperties("optout.notifications")
public record NotificationProperties(String from, String tasklistUrl, String sendEvery, int batchSize,
    int maxAttempts, Duration retryAfter) {

  public NotificationProperties {
    // A claim of none would be read as "the last batch" no more than a full one: the sender would spin.
    if (batchSize < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("optout.notifications.batch-size and max-attempts must be at least 1, not "
          + batchSize + " and " + maxAttempts);
    }
  }
}
