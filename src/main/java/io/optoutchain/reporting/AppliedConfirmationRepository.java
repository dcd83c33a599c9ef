package io.optoutchain.reporting;

import static io.optoutchain.reporting.PeriodRefSql.MATCH;
import static io.optoutchain.reporting.PeriodRefSql.params;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The final recipient's confirmations that it applied a hospital's opt-outs; the latest of a period counts. */
@Repository
public class AppliedConfirmationRepository {

  private final NamedParameterJdbcTemplate jdbc;

  public AppliedConfirmationRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(PeriodRef ref, AppliedConfirmation confirmation, String by, Instant at) {
    jdbc.update("""
        insert into optout.applied_confirmation (hospital_id, period, final_recipient, applied_count, digest_prefix,
                                                 confirmed_by, confirmed_at)
        values (:hospital, :period, :recipient, :count, :prefix, :by, :at)
        """, params(ref).addValue("count", confirmation.count()).addValue("prefix", confirmation.digestPrefix())
        .addValue("by", by).addValue("at", Timestamp.from(at)));
  }

  public Optional<AppliedConfirmation> latest(PeriodRef ref) {
    return jdbc.query("select applied_count, digest_prefix from optout.applied_confirmation where " + MATCH
            + " order by id desc limit 1", params(ref),
        (rs, row) -> new AppliedConfirmation(rs.getInt(1), rs.getString(2))).stream().findFirst();
  }
}
