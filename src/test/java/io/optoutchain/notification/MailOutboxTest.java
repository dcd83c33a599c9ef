package io.optoutchain.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.operations.OperationsMetrics;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.support.ReportingTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox between an escalation and the SMTP server: retried with backoff, given up visibly, never sent twice. */
class MailOutboxTest extends ReportingTest {

  @Autowired EscalationNotifier notifier;
  @Autowired NotificationProperties properties;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired OperationsMetrics metrics;
  @Autowired MeterRegistry registry;

  /** An SMTP server that is not there: nothing listens on the port, the connection is refused at once. */
  private static JavaMailSenderImpl serverDown() throws IOException {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("localhost");
    try (ServerSocket socket = new ServerSocket(0)) {
      sender.setPort(socket.getLocalPort());
    }
    return sender;
  }

  private Map<String, Object> row() {
    return jdbc.queryForMap("select state, attempts, last_error, next_attempt_at, sent_at from optout.mail_outbox");
  }

  private void moveClockBy(Duration duration) {
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
  }

  @Test
  void mailTheServerRefusedIsTriedAgainAfterTheBackoffAndSentOnALaterRun() throws Exception {
    mailOutbox.enqueue(List.of("nttdata-supervisor@demo.invalid"), "escalation", "the month is late");

    assertThat(mailOutbox.sendDue(serverDown())).isZero();

    assertThat(row()).containsEntry("state", "PENDING").containsEntry("attempts", 1);
    assertThat((String) row().get("last_error")).contains("Connection refused");
    assertThat(((java.sql.Timestamp) row().get("next_attempt_at")).toInstant())
        .isEqualTo(START.plus(properties.retryAfter()));
    // Not due before its backoff ends, even with the server back.
    assertThat(mailOutbox.sendDue()).isZero();
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    moveClockBy(properties.retryAfter());
    assertThat(mailOutbox.sendDue()).isEqualTo(1);

    assertThat(SMTP.getReceivedMessages()).singleElement()
        .satisfies(mail -> assertThat(mail.getSubject()).isEqualTo("escalation"));
    assertThat(row()).containsEntry("state", "SENT").containsEntry("attempts", 2).containsEntry("last_error", null);
    // Sent is sent: a later run sends nothing again.
    moveClockBy(Duration.ofDays(1));
    assertThat(mailOutbox.sendDue()).isZero();
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
  }

  @Test
  void mailStillRefusedAfterTheLastAttemptIsMarkedFailedAndCounted() throws Exception {
    mailOutbox.enqueue(List.of("nttdata-supervisor@demo.invalid"), "escalation", "the month is late");
    JavaMailSenderImpl down = serverDown();

    for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
      assertThat(row()).containsEntry("state", "PENDING");
      mailOutbox.sendDue(down);
      assertThat(row()).containsEntry("attempts", attempt);
      // The wait doubles: 1, 2, 4 ... minutes; a day is past every one of them.
      moveClockBy(Duration.ofDays(1));
    }

    assertThat(row()).containsEntry("state", "FAILED").containsEntry("attempts", properties.maxAttempts());
    assertThat(mailOutbox.sendDue()).as("given up: not tried again").isZero();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    metrics.refresh();
    assertThat(registry.get("optout.mail.outbox").tag("state", "FAILED").gauge().value()).isEqualTo(1);
    assertThat(registry.get("optout.mail.outbox").tag("state", "PENDING").gauge().value()).isZero();
  }

  @Test
  void escalationRolledBackLeavesNothingToSend() {
    start("2024-12");

    new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
      notifier.escalated(ref("2024-12"), EscalationLevel.SUPERVISORS, "nttdata-supervisors", "UNRESOLVED_DISCREPANCY");
      assertThat(jdbc.queryForObject("select count(*) from optout.mail_outbox", Long.class)).isEqualTo(1);
      status.setRollbackOnly();
    });

    assertThat(jdbc.queryForObject("select count(*) from optout.mail_outbox", Long.class)).isZero();
    assertThat(mailOutbox.sendDue()).isZero();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void twoSendersRunningAtOnceSendEachMailOnce() throws Exception {
    for (int i = 0; i < 20; i++) {
      mailOutbox.enqueue(List.of("nttdata-supervisor@demo.invalid"), "escalation " + i, "the month is late");
    }

    var other = new Thread(mailOutbox::sendDue);
    other.start();
    int here = mailOutbox.sendDue();
    other.join();

    assertThat(SMTP.getReceivedMessages()).hasSize(20);
    assertThat(here).isBetween(0, 20);
    assertThat(jdbc.queryForObject("select count(*) from optout.mail_outbox where state = 'SENT' and attempts = 1",
        Long.class)).isEqualTo(20);
  }
}
