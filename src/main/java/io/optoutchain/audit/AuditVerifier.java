package io.optoutchain.audit;

import io.optoutchain.audit.AuditTrail.AuditRecord;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes the whole chain, streaming, and names the first row that does not hold: a gap or
 * repeat in the sequence (a deleted, inserted or reordered row), a previous hash that is not the
 * previous row's, or a hash that is not of the row's content.
 */
@Component
public class AuditVerifier {

  private final JdbcTemplate jdbc;

  public AuditVerifier(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record Verification(boolean intact, long rows, String headHash, Long firstBrokenSeq, String problem) {}

  @Transactional(readOnly = true)
  public Verification verify() {
    AtomicReference<Verification> broken = new AtomicReference<>();
    long[] rows = {0};
    String[] previous = {AuditTrail.GENESIS};
    jdbc.query(connection -> {
      var statement = connection.prepareStatement("select * from optout.audit_event order by seq");
      statement.setFetchSize(10_000);
      return statement;
    }, rs -> {
      if (broken.get() != null) {
        return;
      }
      long seq = rs.getLong("seq");
      long expectedSeq = rows[0] + 1;
      String problem = null;
      if (seq != expectedSeq) {
        problem = "sequence " + seq + " where " + expectedSeq + " was expected: a row was deleted, added or moved";
      } else if (!previous[0].equals(rs.getString("previous_hash"))) {
        problem = "its previous hash is not the hash of row " + (seq - 1);
      } else {
        AuditRecord record = new AuditRecord(seq, rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor_user"),
            rs.getString("actor_party"), rs.getString("event_type"), rs.getString("hospital_id"),
            rs.getString("period"), rs.getString("process_instance_id"), rs.getString("payload"));
        if (!AuditTrail.hash(previous[0], record).equals(rs.getString("hash"))) {
          problem = "its content does not match its hash";
        }
      }
      if (problem != null) {
        broken.set(new Verification(false, rows[0], previous[0], Math.min(seq, expectedSeq), problem));
        return;
      }
      rows[0]++;
      previous[0] = rs.getString("hash");
    });
    return broken.get() != null ? broken.get() : new Verification(true, rows[0], previous[0], null, null);
  }
}
