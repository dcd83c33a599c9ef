package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import static io.optoutchain.reporting.PeriodRefSql.MATCH;
import static io.optoutchain.reporting.PeriodRefSql.params;

@Repository
public class PeriodStatusRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public PeriodStatusRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Opens a period; refuses a second opening of the same hospital, period and recipient. */
  public void open(PeriodRef ref, Instant at) {
    try {
      jdbc.update("""
          insert into optout.period_status (hospital_id, period, final_recipient, status, updated_at)
          values (:hospital, :period, :recipient, 'OPEN', :at)
          """, params(ref).addValue("at", Timestamp.from(at)));
    } catch (DuplicateKeyException e) {
      throw Rejected.conflict("the " + ref.period() + " report of " + ref.hospitalId() + " to "
          + ref.finalRecipient() + " has already been started");
    }
  }

  public void attachProcessInstance(PeriodRef ref, String processInstanceId) {
    jdbc.update("update optout.period_status set process_instance_id = :pid where " + MATCH,
        params(ref).addValue("pid", processInstanceId));
  }

  public void set(PeriodRef ref, PeriodStatus status, Instant at) {
    jdbc.update("update optout.period_status set status = :status, updated_at = :at where " + MATCH,
        params(ref).addValue("status", status.name()).addValue("at", Timestamp.from(at)));
  }

  public Optional<PeriodStatusView> find(PeriodRef ref) {
    return jdbc.query("select * from optout.period_status where " + MATCH, params(ref), PeriodStatusRepository::view)
        .stream().findFirst();
  }

  public List<PeriodStatusView> forPeriod(ReportingPeriod period, List<String> hospitals) {
    if (hospitals.isEmpty()) {
      return List.of();
    }
    return jdbc.query("select * from optout.period_status where period = :period and hospital_id in (:hospitals)"
            + " order by hospital_id, final_recipient",
        new MapSqlParameterSource("period", period.label()).addValue("hospitals", hospitals),
        PeriodStatusRepository::view);
  }

  private static PeriodStatusView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new PeriodStatusView(rs.getString("hospital_id"), rs.getString("period"),
        rs.getString("final_recipient"), PeriodStatus.valueOf(rs.getString("status")),
        rs.getString("process_instance_id"), rs.getTimestamp("updated_at").toInstant());
  }



  public record PeriodStatusView(String hospitalId, String period, String finalRecipient, PeriodStatus status,
      String processInstanceId, Instant updatedAt) {}
}
