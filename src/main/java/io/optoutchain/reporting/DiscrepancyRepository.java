package io.optoutchain.reporting;

import io.optoutchain.escalation.EscalationHandling;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import static io.optoutchain.reporting.PeriodRefSql.MATCH;
import static io.optoutchain.reporting.PeriodRefSql.params;

/** Discrepancies found in a period's figures, their resolutions, and the escalations they caused. */
@Repository
public class DiscrepancyRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public DiscrepancyRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public long open(PeriodRef ref, Finding finding, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.discrepancy (hospital_id, period, final_recipient, kind, hop, responsible_party, expected, actual,
                                 detail, opened_at)
        values (:hospital, :period, :recipient, :kind, :hop, :party, :expected, :actual, :detail, :at)
        """, params(ref).addValue("kind", finding.kind().name()).addValue("hop", finding.hop())
        .addValue("party", finding.responsibleParty()).addValue("expected", finding.expected())
        .addValue("actual", finding.actual()).addValue("detail", finding.detail()).addValue("at", Timestamp.from(at)),
        keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  public Optional<OpenDiscrepancy> findOpen(PeriodRef ref) {
    return jdbc.query("select id, kind, hop, responsible_party from optout.discrepancy where " + MATCH
            + " and resolved_at is null order by id desc limit 1", params(ref),
        (rs, row) -> new OpenDiscrepancy(rs.getLong(1), DiscrepancyKind.valueOf(rs.getString(2)), rs.getInt(3),
            rs.getString(4))).stream().findFirst();
  }

  public void resolve(long id, Resolution resolution, String reason, String by, Instant at) {
    jdbc.update("""
        update optout.discrepancy set resolution = :resolution, resolution_reason = :reason, resolved_by = :by,
                               resolved_at = :at
         where id = :id and resolved_at is null
        """, Map.of("id", id, "resolution", resolution.name(), "reason", reason, "by", by,
        "at", Timestamp.from(at)));
  }

  public List<DiscrepancyView> forPeriod(PeriodRef ref) {
    return jdbc.query("select * from optout.discrepancy where " + MATCH + " order by id", params(ref),
        (rs, row) -> new DiscrepancyView(rs.getLong("id"), rs.getString("kind"), rs.getInt("hop"),
            rs.getString("responsible_party"), (Integer) rs.getObject("expected"), (Integer) rs.getObject("actual"),
            rs.getString("detail"), rs.getTimestamp("opened_at").toInstant(), rs.getString("resolution"),
            rs.getString("resolution_reason"), rs.getString("resolved_by"),
            rs.getTimestamp("resolved_at") == null ? null : rs.getTimestamp("resolved_at").toInstant()));
  }

  public long recordEscalation(PeriodRef ref, EscalationLevel level, String escalatedTo, String cause,
      String processInstanceId, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.escalation (hospital_id, period, final_recipient, level, escalated_to, cause, escalated_at,
                                process_instance_id)
        values (:hospital, :period, :recipient, :level, :to, :cause, :at, :pid)
        """, params(ref).addValue("level", level.name()).addValue("to", escalatedTo).addValue("cause", cause)
        .addValue("at", Timestamp.from(at)).addValue("pid", processInstanceId), keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  public List<EscalationView> escalations(PeriodRef ref) {
    return jdbc.query("select * from optout.escalation where " + MATCH + " order by id", params(ref),
        (rs, row) -> escalationView(rs));
  }

  private static EscalationView escalationView(ResultSet rs) throws SQLException {
    return new EscalationView(rs.getLong("id"), EscalationLevel.valueOf(rs.getString("level")),
        rs.getString("escalated_to"), rs.getString("cause"), rs.getTimestamp("escalated_at").toInstant(),
        rs.getString("handling") == null ? null : EscalationHandling.valueOf(rs.getString("handling")),
        rs.getString("handled_by"), rs.getTimestamp("handled_at") == null ? null : rs.getTimestamp("handled_at").toInstant(),
        rs.getString("note"));
  }

  public record OpenDiscrepancy(long id, DiscrepancyKind kind, int hop, String responsibleParty) {}

  public record DiscrepancyView(long id, String kind, int hop, String responsibleParty, Integer expected,
      Integer actual, String detail, Instant openedAt, String resolution, String resolutionReason,
      String resolvedBy, Instant resolvedAt) {}

  public record EscalationView(long id, EscalationLevel level, String escalatedTo, String cause, Instant escalatedAt,
      EscalationHandling handling, String handledBy, Instant handledAt, String note) {}
}
