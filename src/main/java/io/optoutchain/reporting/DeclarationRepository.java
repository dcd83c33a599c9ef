package io.optoutchain.reporting;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The hospital's declarations (count and digest prefix); the latest declaration of a period is the one that counts. */
@Repository
public class DeclarationRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public DeclarationRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(String hospitalId, ReportingPeriod period, Declaration declaration, String by, Instant at) {
    jdbc.update("""
        insert into optout.count_declaration (hospital_id, period, declared_count, nil_attested, declared_digest_prefix,
                                              declared_by, declared_at, reason)
        values (:hospital, :period, :count, :nil, :prefix, :by, :at, :reason)
        """, new MapSqlParameterSource("hospital", hospitalId).addValue("period", period.label())
        .addValue("count", declaration.count()).addValue("nil", declaration.nilAttested())
        .addValue("prefix", declaration.digestPrefix())
        .addValue("by", by).addValue("at", Timestamp.from(at)).addValue("reason", declaration.reason()));
  }

  public Optional<Declaration> latest(String hospitalId, ReportingPeriod period) {
    return jdbc.query("select declared_count, nil_attested, declared_digest_prefix, reason"
            + " from optout.count_declaration where hospital_id = :hospital and period = :period"
            + " order by id desc limit 1",
        Map.of("hospital", hospitalId, "period", period.label()),
        (rs, row) -> new Declaration(rs.getInt(1), rs.getBoolean(2), rs.getString(3), rs.getString(4)))
        .stream().findFirst();
  }
}
