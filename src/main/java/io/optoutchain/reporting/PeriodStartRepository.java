package io.optoutchain.reporting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The runs that start a month's reports for every hospital, one row per period ({@code optout.period_start}).
 * Every change is a guarded transition: a run is claimed from nothing or from FAILED, a chunk works on a
 * RUNNING run whose row it has locked, and only a RUNNING run finishes or fails.
 */
@Repository
public class PeriodStartRepository {

  public enum State { RUNNING, DONE, FAILED }

  /** Where a run stands: its cursor is the last hospital id done, null before the first chunk. */
  public record PeriodStartRun(String period, State state, String cursor, int hospitalsTotal, int hospitalsDone,
      int reportsStarted, int hospitalsAlreadyStarted, String requestedBy, Instant startedAt, Instant updatedAt,
      Instant finishedAt, String lastError) {}

  private final NamedParameterJdbcTemplate jdbc;

  public PeriodStartRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates the period's run, RUNNING, or resumes a FAILED one from its cursor; a RUNNING or DONE run is
   * left as it is. Neither statement waits for a chunk that holds the row.
   */
  public PeriodStartRun claim(ReportingPeriod period, String requestedBy, int hospitalsTotal, Instant at) {
    var params = new MapSqlParameterSource("period", period.label()).addValue("by", requestedBy)
        .addValue("total", hospitalsTotal).addValue("at", Timestamp.from(at));
    jdbc.update("""
        insert into optout.period_start (period, state, hospitals_total, requested_by, started_at, updated_at)
        values (:period, 'RUNNING', :total, :by, :at, :at)
        on conflict (period) do nothing
        """, params);
    jdbc.update("""
        update optout.period_start set state = 'RUNNING', hospitals_total = :total, requested_by = :by, updated_at = :at
         where period = :period and state = 'FAILED'
        """, params);
    return find(period).orElseThrow();
  }

  /**
   * The period's RUNNING run, its row locked until the transaction ends; empty if another chunk holds it.
   * A node that stops answering while it holds the row (idle in its transaction) loses the row after two
   * minutes, so that another node takes the run over.
   */
  public Optional<PeriodStartRun> lockRunning(ReportingPeriod period) {
    jdbc.getJdbcTemplate().execute("set local idle_in_transaction_session_timeout = '2min'");
    return jdbc.query("select * from optout.period_start where period = :period and state = 'RUNNING'"
        + " for update skip locked", Map.of("period", period.label()), PeriodStartRepository::run).stream().findFirst();
  }

  /** A chunk's work, written in the chunk's transaction: the cursor moves past its last hospital. */
  public void advance(ReportingPeriod period, String cursor, int hospitals, int reports, int alreadyStarted,
      boolean last, Instant at) {
    jdbc.update("""
        update optout.period_start
           set cursor_hospital_id = coalesce(cast(:cursor as varchar), cursor_hospital_id),
               hospitals_done = hospitals_done + :hospitals, reports_started = reports_started + :reports,
               hospitals_already_started = hospitals_already_started + :already,
               state = case when cast(:last as boolean) then 'DONE' else state end,
               finished_at = case when cast(:last as boolean) then cast(:at as timestamptz) end,
               last_error = case when cast(:last as boolean) then null else last_error end,
               updated_at = :at
         where period = :period and state = 'RUNNING'
        """, new MapSqlParameterSource("period", period.label()).addValue("cursor", cursor)
        .addValue("hospitals", hospitals).addValue("reports", reports).addValue("already", alreadyStarted)
        .addValue("last", last).addValue("at", Timestamp.from(at)));
  }

  /** A chunk failed and was rolled back: the run stops at its cursor, resumable, with the reason. */
  /** Fails the run where the failed chunk found it; a run another node has moved on since is left running. */
  public void fail(ReportingPeriod period, String cursorSeen, String error, Instant at) {
    jdbc.update("""
        update optout.period_start set state = 'FAILED', last_error = :error, updated_at = :at
         where period = :period and state = 'RUNNING' and cursor_hospital_id is not distinct from cast(:cursor as varchar)
        """, new MapSqlParameterSource("period", period.label()).addValue("cursor", cursorSeen)
        .addValue("error", error.length() > 2000 ? error.substring(0, 2000) : error)
        .addValue("at", Timestamp.from(at)));
  }

  public Optional<PeriodStartRun> find(ReportingPeriod period) {
    return jdbc.query("select * from optout.period_start where period = :period", Map.of("period", period.label()),
        PeriodStartRepository::run).stream().findFirst();
  }

  /**
   * The periods to work on, oldest first, in one query on the primary key: every month from
   * {@code first} to {@code lastDue} without a DONE run, and every RUNNING run (one asked for over the
   * API, or one whose node stopped). Empty, and cheap, on the days when nothing is due.
   */
  public List<ReportingPeriod> pending(ReportingPeriod first, ReportingPeriod lastDue) {
    return jdbc.queryForList("""
        select to_char(m, 'YYYY-MM') as period
          from generate_series(cast(:first as date), cast(:last as date), interval '1 month') m
         where not exists (select 1 from optout.period_start s where s.period = to_char(m, 'YYYY-MM') and s.state = 'DONE')
        union
        select period from optout.period_start where state = 'RUNNING'
        order by period
        """, new MapSqlParameterSource("first", first.firstDay()).addValue("last", lastDue.firstDay()), String.class)
        .stream().map(ReportingPeriod::parse).toList();
  }

  private static PeriodStartRun run(ResultSet rs, int row) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new PeriodStartRun(rs.getString("period"), State.valueOf(rs.getString("state")),
        rs.getString("cursor_hospital_id"), rs.getInt("hospitals_total"), rs.getInt("hospitals_done"),
        rs.getInt("reports_started"), rs.getInt("hospitals_already_started"), rs.getString("requested_by"),
        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
        finished == null ? null : finished.toInstant(), rs.getString("last_error"));
  }
}
