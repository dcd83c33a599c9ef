package io.optoutchain.audit;

import io.optoutchain.party.Party;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The period matrix aggregated in one query: one row per hospital and final recipient (each report
 * route of the hospital's chain, and any recipient the hospital reported to in the months asked,
 * so a route removed since still shows them), one status per month, NOT_STARTED where the month
 * never began. Paged by rows, or streamed whole for the export.
 */
@Repository
@Transactional(readOnly = true)
public class PeriodMatrix {

  /** A matrix row: the hospital's reports to one recipient, statuses in month order. */
  public record Row(String hospitalId, String hospitalName, String finalRecipient, String finalRecipientName,
      Map<String, String> statuses) {}

  public record Page(long total, List<Row> rows) {}

  // Rows: every hospital assigned a chain, once per route end; and what period_status holds of those
  // hospitals in the months asked. Ordered as Java orders strings (collate "C"), as the page always was.
  private static final String ROWS = """
      select h.hospital_id, r.party_id as final_recipient
        from optout.hospital_chain h join optout.chain_report r on r.chain_id = h.chain_id
       where not exists (select 1 from optout.chain_report x
                          where x.chain_id = r.chain_id and x.route_no = r.route_no and x.position > r.position)
      union
      select s.hospital_id, s.final_recipient from optout.period_status s
       where s.period between :first and :last
         and exists (select 1 from optout.hospital_chain h where h.hospital_id = s.hospital_id)
      """;

  private static final String MATRIX = """
      with matrix_rows as (
        select hospital_id, final_recipient from (%s) q
         order by hospital_id collate "C", final_recipient collate "C"
         %s
      ), months as (
        select to_char(m, 'YYYY-MM') as period
          from generate_series(cast(:firstDay as date), cast(:lastDay as date), interval '1 month') m
      )
      select r.hospital_id, hp.name_ja as hospital_ja, hp.name_en as hospital_en,
             r.final_recipient, rp.name_ja as recipient_ja, rp.name_en as recipient_en,
             array_agg(m.period order by m.period) as periods,
             array_agg(coalesce(s.status, 'NOT_STARTED') order by m.period) as statuses
        from matrix_rows r cross join months m
        left join optout.period_status s
          on s.hospital_id = r.hospital_id and s.final_recipient = r.final_recipient and s.period = m.period
        left join optout.party hp on hp.id = r.hospital_id
        left join optout.party rp on rp.id = r.final_recipient
       group by r.hospital_id, r.final_recipient, hp.name_ja, hp.name_en, rp.name_ja, rp.name_en
       order by r.hospital_id collate "C", r.final_recipient collate "C"
      """;

  private final NamedParameterJdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate streaming;

  public PeriodMatrix(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
    // Its own template, as AuditEvents has: a fetch size on the shared one would change every query.
    JdbcTemplate inBatches = new JdbcTemplate(jdbc.getJdbcTemplate().getDataSource());
    inBatches.setFetchSize(1_000);
    this.streaming = new NamedParameterJdbcTemplate(inBatches);
  }

  /** Rows {@code page * size} to {@code page * size + size - 1} of the months from first to last. */
  public Page page(YearMonth first, YearMonth last, int page, int size) {
    var params = params(first, last).addValue("limit", size).addValue("offset", (long) page * size);
    Long total = jdbc.queryForObject("select count(*) from (" + ROWS + ") q", params, Long.class);
    List<Row> rows = jdbc.query(MATRIX.formatted(ROWS, "limit :limit offset :offset"), params, PeriodMatrix::row);
    return new Page(total == null ? 0 : total, rows);
  }

  /** Every row of the months from first to last, as the database returns them. */
  public void stream(YearMonth first, YearMonth last, Consumer<Row> sink) {
    streaming.query(MATRIX.formatted(ROWS, ""), params(first, last), rs -> {
      sink.accept(row(rs, 0));
    });
  }

  private static MapSqlParameterSource params(YearMonth first, YearMonth last) {
    return new MapSqlParameterSource("first", first.toString()).addValue("last", last.toString())
        .addValue("firstDay", java.sql.Date.valueOf(first.atDay(1)))
        .addValue("lastDay", java.sql.Date.valueOf(last.atDay(1)));
  }

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    String[] periods = (String[]) rs.getArray("periods").getArray();
    String[] statuses = (String[]) rs.getArray("statuses").getArray();
    Map<String, String> cells = new LinkedHashMap<>();
    for (int i = 0; i < periods.length; i++) {
      cells.put(periods[i], statuses[i]);
    }
    return new Row(rs.getString("hospital_id"), Party.label(rs.getString("hospital_ja"), rs.getString("hospital_en")),
        rs.getString("final_recipient"), Party.label(rs.getString("recipient_ja"), rs.getString("recipient_en")),
        cells);
  }
}
