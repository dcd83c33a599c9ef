package io.optoutchain.audit;

import io.optoutchain.audit.AuditTrail.AuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes the whole chain, streaming, and names the first place that does not hold: a gap or
 * repeat in the sequence (a deleted, inserted or reordered place), a previous hash that is not the
 * previous place's, a hash that is not of the event's content, or an event gone. Then checks every
 * event not sealed yet against the digest it was written with. Both in one snapshot, so an event the
 * sealer seals meanwhile is counted once.
 */
@Component
public class AuditVerifier {

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public AuditVerifier(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * {@code rows} sealed places up to {@code headHash}; {@code unsealedRows} events awaiting the sealer,
   * the oldest written {@code oldestUnsealedAgeSeconds} ago. When broken: the first place
   * ({@code firstBrokenSeq}, null for an unsealed event) and event ({@code firstBrokenEventId}) that
   * does not hold, and why.
   */
  public record Verification(boolean intact, long rows, String headHash, Long firstBrokenSeq, String problem,
      long unsealedRows, Long oldestUnsealedAgeSeconds, Long firstBrokenEventId) {}

  /** Where a broken place or event was found, and why. */
  private record Break(Long seq, Long eventId, String problem) {}

  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  public Verification verify() {
    Chain chain = new Chain();
    stream("""
        select c.seq, c.event_id, c.previous_hash, c.hash, e.*
          from optout.audit_chain c left join optout.audit_event e on e.id = c.event_id
         order by c.seq
        """, chain);
    Unsealed unsealed = new Unsealed();
    stream("""
        select * from optout.audit_event e
         where not exists (select 1 from optout.audit_chain c where c.event_id = e.id) order by id
        """, unsealed);
    Break broken = chain.broken != null ? chain.broken : unsealed.broken;
    Long age = unsealed.oldest == null ? null
        : Math.max(0, Duration.between(unsealed.oldest, clock.instant()).toSeconds());
    return new Verification(broken == null, chain.rows, chain.previous, broken == null ? null : broken.seq(),
        broken == null ? null : broken.problem(), unsealed.rows, age, broken == null ? null : broken.eventId());
  }

  private void stream(String sql, RowCallbackHandler rows) {
    jdbc.query(connection -> {
      PreparedStatement statement = connection.prepareStatement(sql);
      statement.setFetchSize(10_000);
      return statement;
    }, rows);
  }

  /** The sealed places in order, up to the first that does not hold. */
  private static final class Chain implements RowCallbackHandler {
    long rows;
    String previous = AuditTrail.GENESIS;
    Break broken;

    @Override
    public void processRow(ResultSet rs) throws SQLException {
      if (broken != null) {
        return;
      }
      long seq = rs.getLong("seq");
      long eventId = rs.getLong("event_id");
      long expectedSeq = rows + 1;
      String problem = null;
      if (seq != expectedSeq) {
        problem = "sequence " + seq + " where " + expectedSeq + " was expected: a row was deleted, added or moved";
      } else if (!previous.equals(rs.getString("previous_hash"))) {
        problem = "its previous hash is not the hash of row " + (seq - 1);
      } else if (rs.getObject("id") == null) {
        problem = "its event " + eventId + " is gone";
      } else if (!AuditTrail.hash(previous, seq, AuditRecord.of(rs)).equals(rs.getString("hash"))) {
        problem = "its content does not match its hash";
      }
      if (problem != null) {
        broken = new Break(Math.min(seq, expectedSeq), eventId, problem);
        return;
      }
      rows++;
      previous = rs.getString("hash");
    }
  }

  /** The events not sealed yet: how many, the oldest, and the first whose content is not what was written. */
  private static final class Unsealed implements RowCallbackHandler {
    long rows;
    Instant oldest;
    Break broken;

    @Override
    public void processRow(ResultSet rs) throws SQLException {
      AuditRecord event = AuditRecord.of(rs);
      rows++;
      oldest = oldest == null || event.occurredAt().isBefore(oldest) ? event.occurredAt() : oldest;
      if (broken == null && !event.matchesItsDigest()) {
        broken = new Break(null, event.id(),
            "not sealed yet, and its content does not match the digest it was written with");
      }
    }
  }
}
