package io.optoutchain.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the product's own short-lived records are kept. The audit trail and the ledger are not among
 * them: they are kept for good.
 *
 * @param cron when the retention runs (Asia/Tokyo; {@code -} turns it off)
 * @param clientRequests how long an idempotency record (a command's first answer) is kept
 * @param sentMail how long a sent mail stays in the outbox
 * @param chunkSize rows deleted per statement
 */
@ConfigurationProperties("optout.retention")
public record RetentionProperties(String cron, Duration clientRequests, Duration sentMail, int chunkSize) {

  public RetentionProperties {
    // A chunk of none would be read as "the last chunk" no more than a full one: the deletion would spin.
    if (chunkSize < 1) {
      throw new IllegalArgumentException("optout.retention.chunk-size must be at least 1, not " + chunkSize);
    }
  }
}
