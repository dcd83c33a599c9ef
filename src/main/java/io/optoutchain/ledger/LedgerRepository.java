package io.optoutchain.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The ledger's rows. "Effective" entries are those no later entry corrects. */
@Repository
public class LedgerRepository {

  static final String EFFECTIVE =
      "not exists (select 1 from optout.ledger_entry c where c.corrects_entry_id = e.id)";

  private final NamedParameterJdbcTemplate jdbc;

  public LedgerRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public long insert(NewLedgerEntry entry, Instant recordedAt, String recordedBy) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.ledger_entry (hospital_id, patient_key, kind, received_on, recorded_at, recorded_by,
                                  corrects_entry_id, reason)
        values (:hospital, :key, :kind, :receivedOn, :recordedAt, :recordedBy, :corrects, :reason)
        """, new MapSqlParameterSource()
            .addValue("hospital", entry.hospitalId())
            .addValue("key", entry.patientKey().value())
            .addValue("kind", entry.kind().name())
            .addValue("receivedOn", entry.receivedOn())
            .addValue("recordedAt", Timestamp.from(recordedAt))
            .addValue("recordedBy", recordedBy)
            .addValue("corrects", entry.correctsEntryId())
            .addValue("reason", entry.reason()),
        keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  /**
   * Queues this transaction behind any other recording an entry of the same hospital, patient and
   * kind, until it ends: the lock the database's one-active-entry trigger takes too.
   */
  public void lockPatient(String hospitalId, String patientKey, OptOutKind kind) {
    jdbc.query("select pg_advisory_xact_lock(hashtextextended('ledger_entry:' || :hospital || ':' || :key || ':'"
        + " || :kind, 0))", Map.of("hospital", hospitalId, "key", patientKey, "kind", kind.name()), rs -> {});
  }

  /** The active (uncorrected) entry of a hospital, patient and kind, other than the one named. */
  public Optional<LedgerEntry> findActive(String hospitalId, String patientKey, OptOutKind kind, Long except) {
    return jdbc.query("select * from optout.ledger_entry e where e.hospital_id = :hospital and e.patient_key = :key"
            + " and e.kind = :kind and e.id is distinct from :except and " + EFFECTIVE + " order by e.id limit 1",
        new MapSqlParameterSource("hospital", hospitalId).addValue("key", patientKey).addValue("kind", kind.name())
            .addValue("except", except, java.sql.Types.BIGINT), this::entry).stream().findFirst();
  }

  public Optional<LedgerEntry> find(long id) {
    return jdbc.query("select * from optout.ledger_entry where id = :id", Map.of("id", id), this::entry)
        .stream().findFirst();
  }

  /** A page of a hospital's effective entries, in the order they were recorded. */
  public List<LedgerEntry> effectiveEntries(String hospitalId, int offset, int limit) {
    return jdbc.query("select * from optout.ledger_entry e where e.hospital_id = :hospital and " + EFFECTIVE
            + " order by e.id offset :offset limit :limit",
        new MapSqlParameterSource("hospital", hospitalId).addValue("offset", offset).addValue("limit", limit),
        this::entry);
  }

  public int countEffective(String hospitalId) {
    return jdbc.queryForObject("select count(*) from optout.ledger_entry e where e.hospital_id = :hospital and "
        + EFFECTIVE, Map.of("hospital", hospitalId), Integer.class);
  }

  public boolean isCorrected(long id) {
    return Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from optout.ledger_entry where corrects_entry_id = :id)", Map.of("id", id), Boolean.class));
  }

  /** The sorted distinct keys of effective entries received between the two dates, inclusive. */
  public List<PatientKey> keysReceivedBetween(String hospitalId, LocalDate from, LocalDate to) {
    return jdbc.query("select distinct e.patient_key from optout.ledger_entry e"
            + " where e.hospital_id = :hospital and e.received_on between :from and :to and " + EFFECTIVE
            + " order by e.patient_key",
        Map.of("hospital", hospitalId, "from", from, "to", to),
        (rs, row) -> new PatientKey(rs.getString(1)));
  }

  /** The distinct patients the ledger holds for a hospital, received on or before a date: its effective set. */
  public Set<PatientKey> keysReceivedThrough(String hospitalId, LocalDate through) {
    return new TreeSet<>(jdbc.query("select distinct e.patient_key from optout.ledger_entry e"
            + " where e.hospital_id = :hospital and e.received_on <= :through and " + EFFECTIVE,
        Map.of("hospital", hospitalId, "through", through), (rs, row) -> new PatientKey(rs.getString(1))));
  }

  /** For each given key, the dates on which the hospital received its effective entries. */
  public Map<PatientKey, List<LocalDate>> receivedDates(String hospitalId, List<PatientKey> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    var dates = new java.util.HashMap<PatientKey, List<LocalDate>>();
    jdbc.query("select e.patient_key, e.received_on from optout.ledger_entry e"
            + " where e.hospital_id = :hospital and e.patient_key = any(:keys) and " + EFFECTIVE,
        // One array bind: a large hospital's manifest holds more keys than the driver's 32,767 binds.
        new MapSqlParameterSource("hospital", hospitalId)
            .addValue("keys", new SqlArrayValue("bpchar", keys.stream().map(PatientKey::value).toArray())),
        rs -> {
          dates.computeIfAbsent(new PatientKey(rs.getString(1)), k -> new java.util.ArrayList<>())
              .add(rs.getObject(2, LocalDate.class));
        });
    return dates;
  }

  private LedgerEntry entry(ResultSet rs, int row) throws SQLException {
    return new LedgerEntry(
        rs.getLong("id"),
        rs.getString("hospital_id"),
        new PatientKey(rs.getString("patient_key")),
        OptOutKind.valueOf(rs.getString("kind")),
        rs.getObject("received_on", LocalDate.class),
        rs.getTimestamp("recorded_at").toInstant(),
        rs.getString("recorded_by"),
        rs.getObject("corrects_entry_id", Long.class),
        rs.getString("reason"));
  }
}
