package io.optoutchain.reporting;

import io.optoutchain.ledger.PatientKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import static io.optoutchain.reporting.PeriodRefSql.MATCH;
import static io.optoutchain.reporting.PeriodRefSql.params;

/** Report versions, their manifests and the acknowledgements they received. */
@Repository
public class MonthlyReportRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public MonthlyReportRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new draft version; any earlier draft is superseded by it. */
  public long insertDraft(PeriodRef ref, ReportManifest manifest, String source, String createdBy, Instant at) {
    jdbc.update("update optout.monthly_report set state = 'SUPERSEDED' where " + MATCH + " and state = 'DRAFT'", params(ref));
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.monthly_report (hospital_id, period, final_recipient, version, period_count, supplement_count,
                                    digest, source, state, created_by, created_at)
        values (:hospital, :period, :recipient,
                (select coalesce(max(version), 0) + 1 from optout.monthly_report
                  where hospital_id = :hospital and period = :period and final_recipient = :recipient),
                :periodCount, :supplementCount, :digest, :source, 'DRAFT', :createdBy, :at)
        """, params(ref)
            .addValue("periodCount", manifest.periodCount())
            .addValue("supplementCount", manifest.supplementCount())
            .addValue("digest", manifest.digest())
            .addValue("source", source)
            .addValue("createdBy", createdBy)
            .addValue("at", Timestamp.from(at)),
        keys, new String[] {"id"});
    long id = keys.getKey().longValue();
    List<SqlParameterSource> rows = new ArrayList<>();
    manifest.periodKeys().forEach(k -> rows.add(keyRow(id, k, false, false)));
    manifest.supplementKeys().forEach(k -> rows.add(keyRow(id, k, true, false)));
    manifest.withdrawnKeys().forEach(k -> rows.add(keyRow(id, k, false, true)));
    jdbc.batchUpdate("insert into optout.report_key (report_id, patient_key, supplement, withdrawn)"
            + " values (:id, :key, :supplement, :withdrawn)", rows.toArray(SqlParameterSource[]::new));
    return id;
  }

  private static SqlParameterSource keyRow(long reportId, PatientKey key, boolean supplement, boolean withdrawn) {
    return new MapSqlParameterSource("id", reportId).addValue("key", key.value()).addValue("supplement", supplement)
        .addValue("withdrawn", withdrawn);
  }

  public Optional<SentReport> latestDraft(PeriodRef ref) {
    return latest(ref, "DRAFT");
  }

  public Optional<SentReport> currentSent(PeriodRef ref) {
    return latest(ref, "SENT");
  }

  private Optional<SentReport> latest(PeriodRef ref, String state) {
    return jdbc.query("select * from optout.monthly_report where " + MATCH + " and state = :state order by version desc limit 1",
        params(ref).addValue("state", state), this::report).stream().findFirst();
  }

  /** Sends a draft: it becomes the report of record, and the one sent before it is superseded. */
  public void markSent(PeriodRef ref, long draftId, String sentBy, Instant at) {
    jdbc.update("update optout.monthly_report set state = 'SUPERSEDED' where " + MATCH + " and state = 'SENT'", params(ref));
    jdbc.update("update optout.monthly_report set state = 'SENT', sent_by = :by, sent_at = :at where id = :id",
        Map.of("id", draftId, "by", sentBy, "at", Timestamp.from(at)));
  }

  public void markDelivered(long reportId, Instant at) {
    jdbc.update("update optout.monthly_report set delivered_at = :at where id = :id",
        Map.of("id", reportId, "at", Timestamp.from(at)));
  }

  public ReportManifest manifest(long reportId, ReportingPeriod period) {
    List<PatientKey> periodKeys = new ArrayList<>();
    List<PatientKey> supplementKeys = new ArrayList<>();
    List<PatientKey> withdrawnKeys = new ArrayList<>();
    jdbc.query("select patient_key, supplement, withdrawn from optout.report_key where report_id = :id"
            + " order by patient_key", Map.of("id", reportId), rs -> {
          var part = rs.getBoolean(2) ? supplementKeys : rs.getBoolean(3) ? withdrawnKeys : periodKeys;
          part.add(new PatientKey(rs.getString(1)));
        });
    return new ReportManifest(period, periodKeys, supplementKeys, withdrawnKeys);
  }

  /**
   * The final recipient's set of a hospital's patients, up to a period: every key of every report
   * it acknowledged (a version later superseded still reached it), as the latest such report names
   * it, less those a later report withdrew.
   */
  public Set<PatientKey> recipientKeysThrough(PeriodRef ref, ReportingPeriod through) {
    return recipientKeysBefore(ref, through, Integer.MAX_VALUE);
  }

  /** The final recipient's set as it stood before a version of a period's report reached it. */
  public Set<PatientKey> recipientKeysBefore(PeriodRef ref, ReportingPeriod period, int version) {
    return new TreeSet<>(jdbc.query("""
        select patient_key from (
          select distinct on (k.patient_key) k.patient_key, k.withdrawn
            from optout.monthly_report r join optout.report_key k on k.report_id = r.id
           where r.hospital_id = :hospital and r.final_recipient = :recipient
             and (r.period < :through or (r.period = :through and r.version < :version))
             and r.delivered_at is not null
           order by k.patient_key, r.period desc, r.version desc) latest
         where not withdrawn
        """, params(ref).addValue("through", period.label()).addValue("version", version),
        (rs, row) -> new PatientKey(rs.getString(1))));
  }

  public void insertAcknowledgement(long reportId, int hop, String sender, String receiver, int count,
      String digestPrefix, String by, Instant at) {
    jdbc.update("""
        insert into optout.hop_acknowledgement (report_id, hop, sender, receiver, acknowledged_count, digest_prefix,
                                         acknowledged_by, acknowledged_at)
        values (:report, :hop, :sender, :receiver, :count, :prefix, :by, :at)
        """, new MapSqlParameterSource("report", reportId).addValue("hop", hop).addValue("sender", sender)
        .addValue("receiver", receiver).addValue("count", count).addValue("prefix", digestPrefix)
        .addValue("by", by).addValue("at", Timestamp.from(at)));
  }

  /** The latest acknowledgement of a hop, across every version of the period's report. */
  /** How many acknowledgements a hop's receiver has entered against one report version. */
  public int acknowledgementCount(long reportId, int hop) {
    return jdbc.queryForObject("select count(*) from optout.hop_acknowledgement where report_id = :report and hop = :hop",
        Map.of("report", reportId, "hop", hop), Integer.class);
  }

  public Optional<Acknowledgement> latestAcknowledgement(PeriodRef ref, int hop) {
    return jdbc.query("""
        select a.report_id, a.acknowledged_count, a.digest_prefix, r.digest, r.period_count + r.supplement_count from optout.hop_acknowledgement a
          join optout.monthly_report r on r.id = a.report_id
         where r.hospital_id = :hospital and r.period = :period and r.final_recipient = :recipient and a.hop = :hop
         order by a.id desc limit 1
        """, params(ref).addValue("hop", hop),
        (rs, row) -> new Acknowledgement(rs.getLong(1), hop, rs.getInt(2), rs.getString(3), rs.getString(4),
            rs.getInt(5)))
        .stream().findFirst();
  }

  /** One acknowledgement, with the digest of the report version it was entered against. */
  public record Acknowledgement(
      long reportId, int hop, int count, String digestPrefix, String reportDigest, int reportTotalCount) {

    /** The digest of the report this hop agreed to, or null if its acknowledgement disagreed. */
    public String agreedDigest() {
      return count == reportTotalCount && reportDigest.startsWith(digestPrefix) ? reportDigest : null;
    }
  }



  private SentReport report(ResultSet rs, int row) throws SQLException {
    return new SentReport(rs.getLong("id"), rs.getInt("version"), rs.getInt("period_count"),
        rs.getInt("supplement_count"), rs.getString("digest"), rs.getString("state"),
        rs.getTimestamp("delivered_at") != null);
  }
}
