package io.optoutchain.operations;

import io.optoutchain.notification.MailOutbox;
import io.optoutchain.web.ClientRequests;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes what the product keeps for a while only: idempotency records older than
 * {@code optout.retention.client-requests} (a client retrying later than that gets a new answer, not the
 * first one) and mail sent longer ago than {@code optout.retention.sent-mail}. Pending and failed mail stays.
 * Nothing else: the audit trail and the ledger are kept for good, the engine's history by its own cleanup.
 * Chunked, each chunk its own statement, so a large backlog never holds long locks.
 */
@Component
public class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final ClientRequests clientRequests;
  private final MailOutbox mailOutbox;
  private final RetentionProperties properties;
  private final Clock clock;

  Retention(ClientRequests clientRequests, MailOutbox mailOutbox, RetentionProperties properties, Clock clock) {
    this.clientRequests = clientRequests;
    this.mailOutbox = mailOutbox;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(cron = "${optout.retention.cron}", zone = "Asia/Tokyo")
  public void forgetExpired() {
    Instant now = clock.instant();
    int requests = clientRequests.forgetCreatedBefore(now.minus(properties.clientRequests()), properties.chunkSize());
    int mails = mailOutbox.forgetSentBefore(now.minus(properties.sentMail()), properties.chunkSize());
    log.info("Retention: deleted {} idempotency records older than {} and {} mails sent more than {} ago", requests,
        properties.clientRequests(), mails, properties.sentMail());
  }
}
