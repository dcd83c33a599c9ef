package io.optoutchain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.digest.Sha256;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * V16 on a trail written before it: the rows become events sealed at their old places with their old
 * hashes, and the sealer carries the chain on from the old head. No Spring context: Flyway and the
 * audit classes on a database of their own.
 */
class AuditMigrationTest {

  private static final Instant AT = Instant.parse("2025-01-06T00:00:00Z");

  @Test
  void rowsWrittenBeforeV16StaySealedWithTheirHashesAndTheChainGoesOnFromThem() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      var dataSource = postgres.getPostgresDatabase();
      flyway(dataSource, "15");
      var jdbc = new JdbcTemplate(dataSource);
      // As AuditTrail wrote them up to V15: SHA-256 over the previous hash, a newline, and the row's canonical JSON.
      String previous = AuditTrail.GENESIS;
      for (long seq = 1; seq <= 3; seq++) {
        String canonical = "{\"actorParty\":null,\"actorUser\":\"system\",\"eventType\":\"TEST_EVENT\",\"hospitalId\":null,"
            + "\"occurredAt\":\"2025-01-06T00:00:00Z\",\"payload\":\"{\\\"n\\\":" + seq + "}\",\"period\":null,"
            + "\"processInstanceId\":null,\"seq\":" + seq + "}";
        String hash = Sha256.hex(previous + "\n" + canonical);
        jdbc.update("""
            insert into optout.audit_event (seq, occurred_at, actor_user, event_type, payload, previous_hash, hash)
            values (?, ?, 'system', 'TEST_EVENT', ?, ?, ?)
            """, seq, Timestamp.from(AT), "{\"n\":" + seq + "}", previous, hash);
        previous = hash;
      }
      List<Map<String, Object>> before = jdbc.queryForList("select seq, previous_hash, hash from optout.audit_event"
          + " order by seq");

      flyway(dataSource, "latest");

      assertThat(jdbc.queryForList("select seq, previous_hash, hash from optout.audit_chain order by seq"))
          .isEqualTo(before);
      assertThat(jdbc.queryForList("select event_id from optout.audit_chain order by seq", Long.class))
          .containsExactly(1L, 2L, 3L);
      var verifier = new AuditVerifier(jdbc, Clock.fixed(AT.plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
      var migrated = verifier.verify();
      assertThat(migrated.intact()).isTrue();
      assertThat(migrated.rows()).isEqualTo(3);
      assertThat(migrated.headHash()).isEqualTo(previous);
      assertThat(migrated.unsealedRows()).isZero();

      // An event written after V16 draws the next id, waits unsealed, and is sealed after the old head.
      var event = new AuditTrail.AuditRecord(jdbc.queryForObject("select nextval('optout.audit_event_id_seq')",
          Long.class), AT, "system", null, "TEST_EVENT", null, null, null, "{\"n\":4}", null);
      jdbc.update("insert into optout.audit_event (id, occurred_at, actor_user, event_type, payload, content_sha256)"
          + " values (?, ?, 'system', 'TEST_EVENT', ?, ?)", event.id(), Timestamp.from(AT), event.payload(),
          AuditTrail.contentDigest(event));
      assertThat(event.id()).isEqualTo(4);
      var waiting = verifier.verify();
      assertThat(waiting.intact()).isTrue();
      assertThat(waiting.unsealedRows()).isEqualTo(1);
      assertThat(waiting.oldestUnsealedAgeSeconds()).isEqualTo(60);

      var sealer = new AuditSealer(jdbc, new DataSourceTransactionManager(dataSource),
          new AuditProperties(false, Duration.ofSeconds(1), 1000));
      assertThat(sealer.sealPending()).isEqualTo(1);
      assertThat(jdbc.queryForMap("select seq, previous_hash from optout.audit_chain where event_id = 4"))
          .containsEntry("seq", 4L).containsEntry("previous_hash", previous);
      var sealed = verifier.verify();
      assertThat(sealed.intact()).isTrue();
      assertThat(sealed.rows()).isEqualTo(4);
      assertThat(sealed.unsealedRows()).isZero();
    }
  }

  private static void flyway(javax.sql.DataSource dataSource, String target) {
    Flyway.configure().dataSource(dataSource).schemas("optout").defaultSchema("optout").target(target).load()
        .migrate();
  }
}
