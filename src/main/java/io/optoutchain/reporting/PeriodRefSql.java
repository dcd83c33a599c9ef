package io.optoutchain.reporting;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/** How our tables name one monthly report's subject in SQL. */
public final class PeriodRefSql {

  public static final String MATCH = "hospital_id = :hospital and period = :period and final_recipient = :recipient";

  private PeriodRefSql() {}

  public static MapSqlParameterSource params(PeriodRef ref) {
    return new MapSqlParameterSource("hospital", ref.hospitalId())
        .addValue("period", ref.period().label())
        .addValue("recipient", ref.finalRecipient());
  }
}
