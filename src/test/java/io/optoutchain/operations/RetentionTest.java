package io.optoutchain.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import io.optoutchain.web.ClientRequests;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The retention deletes old idempotency records and old sent mail, and nothing the law makes us keep. */
class RetentionTest extends ReportingTest {

  @Autowired Retention retention;
  @Autowired RetentionProperties properties;
  @Autowired ClientRequests clientRequests;

  private void clientRequest(String id, Instant createdAt) {
    jdbc.update("insert into optout.client_request (request_id, actor, operation, payload_hash, response_status,"
        + " response_body, created_at) values (?, 'nttdata-operator', 'record', repeat('0', 64), 201, '{}', ?)", id,
        Timestamp.from(createdAt));
  }

  private List<String> clientRequests() {
    return jdbc.queryForList("select request_id from optout.client_request order by request_id", String.class);
  }

  private long count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  @Test
  void idempotencyRecordsAndSentMailOlderThanTheirRetentionAreDeletedTheLedgerAndAuditTrailAreNot() {
    // Given a ledger entry (with its audit event), a record past its 30 days and one not yet ...
    recordOptOut(HOSPITAL, patientKey("kept"), LocalDate.of(2024, 12, 9));
    clientRequest("old", START.minus(properties.clientRequests()).minusSeconds(1));
    clientRequest("recent", START.minus(Duration.ofDays(29)));
    // ... and three mails queued now: one sent, one still pending, one given up.
    for (String subject : List.of("sent", "pending", "failed")) {
      mailOutbox.enqueue(List.of("nttdata-supervisor@demo.invalid"), subject, "body");
    }
    jdbc.update("update optout.mail_outbox set state = 'SENT', sent_at = ? where subject = 'sent'", Timestamp.from(START));
    jdbc.update("update optout.mail_outbox set state = 'FAILED' where subject = 'failed'");
    long ledger = count("optout.ledger_entry");
    long audit = count("optout.audit_event");

    retention.forgetExpired();

    assertThat(clientRequests()).containsExactly("recent");
    assertThat(count("optout.mail_outbox")).as("sent only now: kept").isEqualTo(3);

    // When the clock passes the 30 days of the recent record and of the sent mail
    ClockUtil.setCurrentTime(Date.from(START.plus(Duration.ofDays(31))));
    retention.forgetExpired();

    assertThat(clientRequests()).isEmpty();
    assertThat(jdbc.queryForList("select subject from optout.mail_outbox order by subject", String.class))
        .containsExactly("failed", "pending");
    assertThat(count("optout.ledger_entry")).isEqualTo(ledger);
    assertThat(count("optout.audit_event")).isEqualTo(audit);
  }

  @Test
  void manyRecordsAreDeletedChunkByChunk() {
    for (int i = 0; i < 5; i++) {
      clientRequest("old-" + i, START.minus(Duration.ofDays(40)));
    }
    clientRequest("recent", START);

    assertThat(clientRequests.forgetCreatedBefore(START.minus(properties.clientRequests()), 2)).isEqualTo(5);

    assertThat(clientRequests()).containsExactly("recent");
  }
}
