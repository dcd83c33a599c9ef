package io.optoutchain.reporting;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The hospital's declared counts; the latest declaration of a period is the one that counts. */
@Repository
public class DeclarationRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public DeclarationRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(String hospitalId, ReportingPeriod period, Declaration declaration, String by, Instant at) {
    jdbc.update("""
        insert into optout.count_declaration (hospital_id, period, declared_count, nil_attested, declared_by, declared_at, reason)
        values (:hospital, :period, :count, :nil, :by, :at, :reason)
        """, new MapSqlParameterSource("hospital", hospitalId).addValue("period", period.label())
        .addValue("count", declaration.count()).addValue("nil", declaration.nilAttested())
        .addValue("by", by).addValue("at", Timestamp.from(at)).addValue("reason", declaration.reason()));
  }

  public Optional<Integer> latestCount(String hospitalId, ReportingPeriod period) {
    return jdbc.queryForList("select declared_count from optout.count_declaration where hospital_id = :hospital"
            + " and period = :period order by id desc limit 1",
        Map.of("hospital", hospitalId, "period", period.label()), Integer.class).stream().findFirst();
  }
}
