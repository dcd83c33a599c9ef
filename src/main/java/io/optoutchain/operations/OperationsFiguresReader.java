package io.optoutchain.operations;

import io.optoutchain.audit.AuditSealer;
import io.optoutchain.reporting.PeriodStatus;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the figures with a few aggregate queries, each on one table: months grouped by status and recipient, open
 * discrepancies, unhandled escalations of each of the four processes, intake grouped by state, the mail outbox
 * grouped by state, three counts of the engine, and the audit events not sealed yet. Called by {@link OperationsMetrics}'s refresh, never by a scrape. The engine's queries run with no
 * user authenticated, so they count every task and job, not one party's.
 */
@Component
class OperationsFiguresReader {

  /** The states of a request still travelling its intake route (V14): not yet recorded, not given up. */
  static final String[] INTAKE_IN_FLIGHT = {"IDENTIFYING", "CONFIRMING", "RECHECKING"};

  /** The states of a mail in the outbox (V17). */
  static final String[] MAIL_STATES = {"PENDING", "SENT", "FAILED"};

  /** The escalation table of each process; every one has a {@code handling} that stays null until handled. */
  static final Map<String, String> ESCALATION_TABLES = Map.of( // constants: no caller's text reaches the SQL
      "report", "optout.escalation",
      "release", "optout.release_escalation",
      "recall", "optout.recall_escalation",
      "intake", "optout.intake_escalation");

  private final JdbcTemplate jdbc;
  private final AuditSealer sealer;
  private final TaskService taskService;
  private final ManagementService managementService;

  OperationsFiguresReader(JdbcTemplate jdbc, TaskService taskService, ManagementService managementService,
      AuditSealer sealer) {
    this.jdbc = jdbc;
    this.sealer = sealer;
    this.taskService = taskService;
    this.managementService = managementService;
  }

  OperationsFigures read() {
    var unsealed = jdbc.queryForMap("select count(*) as events, min(occurred_at) as oldest from optout.audit_event e"
        + " where " + AuditSealer.UNSEALED, sealer.watermark());
    Timestamp oldest = (Timestamp) unsealed.get("oldest");
    long oldestSeconds = oldest == null ? 0
        : Math.max(0, Duration.between(oldest.toInstant(), ClockUtil.getCurrentTime().toInstant()).toSeconds());
    return new OperationsFigures(months(), openDiscrepancies(), overdueTasks(), openEscalations(), intakeInFlight(),
        managementService.createJobQuery().executable().count(),
        managementService.createJobQuery().noRetriesLeft().count(), mailOutbox(),
        ((Number) unsealed.get("events")).longValue(), oldestSeconds);
  }

  /**
   * Every status for every final recipient that has a month, zero included: a status a recipient has
   * no month at is a 0, not a missing series, so an alert on it sees the value drop.
   */
  private Map<OperationsFigures.MonthKey, Long> months() {
    Map<OperationsFigures.MonthKey, Long> counted = new LinkedHashMap<>();
    TreeSet<String> recipients = new TreeSet<>();
    jdbc.query("select final_recipient, status, count(*) from optout.period_status group by final_recipient, status",
        row -> {
          recipients.add(row.getString(1));
          counted.put(new OperationsFigures.MonthKey(row.getString(2), row.getString(1)), row.getLong(3));
        });
    Map<OperationsFigures.MonthKey, Long> months = new LinkedHashMap<>();
    for (String recipient : recipients) {
      for (PeriodStatus status : PeriodStatus.values()) {
        var key = new OperationsFigures.MonthKey(status.name(), recipient);
        months.put(key, counted.getOrDefault(key, 0L));
      }
    }
    return months;
  }

  private long openDiscrepancies() {
    return jdbc.queryForObject("select count(*) from optout.discrepancy where resolved_at is null", Long.class);
  }

  /**
   * One count per table, each its own statement: a statement over several tables takes their locks one by one
   * and could deadlock with a statement truncating them in another order (the tests' clean-up does).
   */
  private Map<String, Long> openEscalations() {
    Map<String, Long> open = new LinkedHashMap<>();
    ESCALATION_TABLES.forEach((process, table) -> open.put(process,
        jdbc.queryForObject("select count(*) from " + table + " where handling is null", Long.class)));
    return open;
  }

  private Map<String, Long> intakeInFlight() {
    return countedByState("select state, count(*) from optout.intake_request where state in (?, ?, ?) group by state",
        INTAKE_IN_FLIGHT);
  }

  /** Every mail the outbox holds, by state: sent ones until the retention deletes them. */
  private Map<String, Long> mailOutbox() {
    return countedByState("select state, count(*) from optout.mail_outbox where state in (?, ?, ?) group by state",
        MAIL_STATES);
  }

  /** Each of {@code states} (zero included) with its count from {@code sql}, which groups by state. */
  private Map<String, Long> countedByState(String sql, String[] states) {
    Map<String, Long> counted = new LinkedHashMap<>();
    for (String state : states) {
      counted.put(state, 0L);
    }
    jdbc.query(sql, row -> {
      counted.put(row.getString(1), row.getLong(2));
    }, (Object[]) states);
    return counted;
  }

  /** Open tasks past their due date, by the engine's clock. */
  private long overdueTasks() {
    return taskService.createTaskQuery().dueBefore(ClockUtil.getCurrentTime()).count();
  }
}
