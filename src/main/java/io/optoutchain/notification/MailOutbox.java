package io.optoutchain.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail waiting in {@code optout.mail_outbox} (V17). {@link #enqueue} writes a row in the caller's
 * transaction, so what a rolled back transaction asked for is never sent. {@link #sendDue} claims the due
 * rows ({@code for update skip locked}: nodes running it at once take different rows) by moving their next
 * attempt past a claim period and counting the attempt, commits, and only then talks to the SMTP server, so a
 * slow server holds neither a database connection nor an engine job. A failed send is tried again after
 * {@code retry-after}, doubled at each attempt, until {@code max-attempts}; then the row is {@code FAILED}
 * (the gauge {@code optout_mail_outbox{state="FAILED"}} and an ERROR log line say so). A node that dies
 * while sending leaves its rows to be tried again when the claim period ends.
 */
@Component
public class MailOutbox {

  private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

  /** How long a claimed row is left to its node: far longer than a batch of sends with the SMTP timeouts. */
  static final Duration CLAIM = Duration.ofMinutes(10);

  private final NamedParameterJdbcTemplate jdbc;
  private final ObjectProvider<JavaMailSender> mailSender;
  private final NotificationProperties properties;
  private final Clock clock;

  public MailOutbox(NamedParameterJdbcTemplate jdbc, ObjectProvider<JavaMailSender> mailSender,
      NotificationProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.mailSender = mailSender;
    this.properties = properties;
    this.clock = clock;
  }

  /** Queues a mail in the caller's transaction; it is due at once. */
  public void enqueue(List<String> recipients, String subject, String body) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update("""
        insert into optout.mail_outbox (recipients, subject, body, next_attempt_at, created_at)
        values (:recipients, :subject, :body, :now, :now)
        """, new MapSqlParameterSource("recipients", recipients.toArray(String[]::new)).addValue("subject", subject)
        .addValue("body", body).addValue("now", now));
  }

  /** Sends every due row through the configured SMTP server; returns how many were sent. */
  public int sendDue() {
    JavaMailSender sender = mailSender.getIfAvailable();
    if (sender == null) {
      return 0;
    }
    return sendDue(sender);
  }

  /** Sends every due row through {@code sender}, a batch at a time; returns how many were sent. */
  int sendDue(JavaMailSender sender) {
    int sent = 0;
    List<Claimed> batch;
    do {
      batch = claim();
      for (Claimed mail : batch) {
        sent += send(sender, mail) ? 1 : 0;
      }
    } while (batch.size() == properties.batchSize());
    return sent;
  }

  /** One statement, committed at once: the claimed rows' attempt is counted before the server is asked. */
  private List<Claimed> claim() {
    Instant now = clock.instant();
    return jdbc.query("""
        update optout.mail_outbox set attempts = attempts + 1, next_attempt_at = :claimEnd
        where id in (select id from optout.mail_outbox where state = 'PENDING' and next_attempt_at <= :now
                     order by next_attempt_at limit :limit for update skip locked)
        returning id, recipients, subject, body, attempts
        """, new MapSqlParameterSource("now", Timestamp.from(now)).addValue("claimEnd", Timestamp.from(now.plus(CLAIM)))
        .addValue("limit", properties.batchSize()),
        (rs, row) -> new Claimed(rs.getLong(1), (String[]) rs.getArray(2).getArray(), rs.getString(3),
            rs.getString(4), rs.getInt(5)));
  }

  private boolean send(JavaMailSender sender, Claimed mail) {
    // Still this node's (no other node took it after a long batch) and held for one more claim period from now.
    if (jdbc.update("""
        update optout.mail_outbox set next_attempt_at = :claimEnd
        where id = :id and state = 'PENDING' and attempts = :attempts
        """, new MapSqlParameterSource("id", mail.id()).addValue("attempts", mail.attempts())
        .addValue("claimEnd", Timestamp.from(clock.instant().plus(CLAIM)))) == 0) {
      return false;
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(properties.from());
    message.setTo(mail.recipients());
    message.setSubject(mail.subject());
    message.setText(mail.body());
    try {
      sender.send(message);
    } catch (MailException e) {
      failed(mail, e);
      return false;
    }
    jdbc.update("""
        update optout.mail_outbox set state = 'SENT', sent_at = :now, last_error = null
        where id = :id and state = 'PENDING' and attempts = :attempts
        """, Map.of("id", mail.id(), "attempts", mail.attempts(), "now", Timestamp.from(clock.instant())));
    return true;
  }

  private void failed(Claimed mail, MailException e) {
    // The root cause ("java.net.ConnectException: Connection refused"), not the sender's many-line summary.
    String cause = e.getMostSpecificCause().toString();
    String error = cause.length() > 500 ? cause.substring(0, 500) : cause;
    if (mail.attempts() >= properties.maxAttempts()) {
      jdbc.update("""
          update optout.mail_outbox set state = 'FAILED', last_error = :error
          where id = :id and state = 'PENDING' and attempts = :attempts
          """, Map.of("id", mail.id(), "attempts", mail.attempts(), "error", error));
      log.error("Mail {} ({}) not sent after {} attempts, given up: {}", mail.id(), mail.subject(), mail.attempts(),
          error);
      return;
    }
    Duration backoff = properties.retryAfter().multipliedBy(1L << Math.min(mail.attempts() - 1, 16));
    jdbc.update("""
        update optout.mail_outbox set next_attempt_at = :next, last_error = :error
        where id = :id and state = 'PENDING' and attempts = :attempts
        """, Map.of("id", mail.id(), "attempts", mail.attempts(), "error", error,
        "next", Timestamp.from(clock.instant().plus(backoff))));
    log.warn("Mail {} ({}) not sent, attempt {} of {}, tried again in {}: {}", mail.id(), mail.subject(),
        mail.attempts(), properties.maxAttempts(), backoff, error);
  }

  /** Deletes sent rows sent before {@code cutoff}, {@code chunk} rows per statement; returns how many. */
  public int forgetSentBefore(Instant cutoff, int chunk) {
    int deleted = 0;
    int last;
    do {
      last = jdbc.update("""
          delete from optout.mail_outbox where id in
            (select id from optout.mail_outbox where state = 'SENT' and sent_at < :cutoff limit :chunk)
          """, Map.of("cutoff", Timestamp.from(cutoff), "chunk", chunk));
      deleted += last;
    } while (last == chunk);
    return deleted;
  }

  private record Claimed(long id, String[] recipients, String subject, String body, int attempts) {}
}
