package io.optoutchain.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the outbox's sender every {@code optout.notifications.send-every}; {@code -} turns it off (the tests
 * run the sender themselves), as {@code -} does for the period closer's cron.
 */
@Component
@ConditionalOnExpression("'${optout.notifications.send-every}' != '-'")
class MailOutboxSchedule {

  private final MailOutbox outbox;

  MailOutboxSchedule(MailOutbox outbox) {
    this.outbox = outbox;
  }

  @Scheduled(initialDelayString = "${optout.notifications.send-every}",
      fixedDelayString = "${optout.notifications.send-every}")
  void sendDue() {
    outbox.sendDue();
  }
}
