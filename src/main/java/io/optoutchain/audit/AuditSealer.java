package io.optoutchain.audit;

import io.optoutchain.audit.AuditTrail.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals committed events into the hash chain: in batches, each batch one transaction that gives every
 * event the next place ({@code seq}), the previous place's hash and its own, in {@code optout.audit_chain}.
 * Runs on a schedule ({@link AuditSealSchedule}) on any number of nodes; a batch first takes
 * {@code pg_try_advisory_xact_lock}, which only sealers take, and a node that does not get it skips
 * the run. The chain's primary key and its unique event id would refuse a fork or a double seal anyway.
 *
 * <p>Causal order: events are sealed in id order among the committed ones the batch sees. An event
 * written after another's transaction committed drew its id from the sequence after that one drew
 * its own, so its id is greater; and any snapshot that sees the later event committed also sees the
 * earlier one. So either the earlier event is sealed already, or both are in the batch and the id
 * order puts it first. Events whose transactions overlapped, neither seeing the other, may be sealed
 * in either order (a lower id that commits after a higher one was sealed comes after it).
 *
 * <p>An event whose content no longer matches its digest is not sealed: the batch stops before it,
 * the chain waits there (the lag gauge grows) and {@link AuditVerifier} names it.
 */
@Component
public class AuditSealer {

  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
  private static final long SEALER_LOCK = 0x6f70746f7574L;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final AuditProperties properties;
  public AuditSealer(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditProperties properties) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.properties = properties;
  }

  /**
   * The events of {@code optout.audit_event e} not in the chain yet, given the {@link #watermark()}: only those
   * written at or above it can be. The watermark is bound as a value, not read in a subquery: the planner then
   * sees how few rows lie above it and takes the writer index; with a subquery it planned a scan of the whole
   * trail (42 ms a run, every second, at 200,000 events in the benchmark).
   */
  public static final String UNSEALED =
      "e.written_by >= ? and not exists (select 1 from optout.audit_chain c where c.event_id = e.id)";

  /** Every event written by a transaction below this id is sealed. */
  public long watermark() {
    return jdbc.queryForObject("select sealed_below from optout.audit_seal_watermark", Long.class);
  }

  /** Seals every committed event not yet sealed, batch after batch; returns how many it sealed. */
  public int sealPending() {
    int sealed = 0;
    Batch batch;
    do {
      batch = transaction.execute(status -> sealBatch());
      sealed += batch.sealed();
    } while (batch.sealed() == properties.sealBatch());
    return sealed;
  }

  /** How many events one batch sealed. */
  private record Batch(int sealed) {}

  private Batch sealBatch() {
    if (!jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, SEALER_LOCK)) {
      return new Batch(0);
    }
    // Read before the events: whatever a transaction older than this wrote is committed (or gone) by then.
    long oldestRunning = jdbc.queryForObject("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        Long.class);
    var head = jdbc.queryForList("select seq, hash from optout.audit_chain order by seq desc limit 1");
    long seq = head.isEmpty() ? 0 : ((Number) head.get(0).get("seq")).longValue();
    String previous = head.isEmpty() ? AuditTrail.GENESIS : (String) head.get(0).get("hash");
    List<AuditRecord> events = jdbc.query("select * from optout.audit_event e where " + UNSEALED
        + " order by id limit ?", (rs, row) -> AuditRecord.of(rs), watermark(), properties.sealBatch());
    List<Object[]> places = new ArrayList<>();
    for (AuditRecord event : events) {
      if (!event.matchesItsDigest()) {
        log.error("Audit event {} no longer matches the digest it was written with: not sealed, nor any after it;"
            + " the verification names it", event.id());
        break;
      }
      String hash = AuditTrail.hash(previous, ++seq, event);
      places.add(new Object[] {seq, event.id(), previous, hash});
      previous = hash;
    }
    jdbc.batchUpdate("insert into optout.audit_chain (seq, event_id, previous_hash, hash) values (?, ?, ?, ?)",
        places);
    if (places.size() == events.size() && events.size() < properties.sealBatch()) {
      // Every unsealed event this batch could see is sealed: whatever a transaction older than the oldest
      // one running at its start wrote was among them. Later batches, on any node, look from there on.
      jdbc.update("update optout.audit_seal_watermark set sealed_below = greatest(sealed_below, ?)", oldestRunning);
    }
    return new Batch(places.size());
  }
}
