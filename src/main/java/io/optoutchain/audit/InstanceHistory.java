package io.optoutchain.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.process.EngineAsSystem;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every monthly report, release and recall the engine ever ran, running or finished, read from our
 * tables joined with the engine's history of process instances (a reconciled month that a ledger
 * change reopened has one row per instance: they share the business key {@code hospital:YYYY-MM}),
 * and the figures our tables hold for one of them.
 */
@Component
public class InstanceHistory {

  /** What the list shows: a monthly report, a dataset release or a recall. */
  public enum Kind {
    REPORT("MonthlyOptOutReport", List.of("OPEN", "REPORTED", "DISCREPANCY", "ESCALATED", "RECONCILED")),
    RELEASE("DatasetRelease", List.of("CHECKING", "BLOCKED_BY_GATE", "BLOCKED_BY_OPT_OUTS", "AWAITING_APPROVAL",
        "REJECTED", "RELEASED")),
    RECALL("OptOutRecall", List.of("OPEN", "CLOSED"));

    final String processKey;
    final List<String> statuses;

    Kind(String processKey, List<String> statuses) {
      this.processKey = processKey;
      this.statuses = statuses;
    }

    public List<String> statuses() {
      return statuses;
    }

    static Kind ofProcess(String processKey) {
      return Arrays.stream(values()).filter(k -> k.processKey.equals(processKey)).findFirst().orElse(null);
    }
  }

  /**
   * A filter whose values are already checked. {@code party} narrows monthly reports to the hospitals
   * whose chain involves it, asked of our tables in the same query ({@link PartyDirectory#HOSPITALS_INVOLVING}).
   */
  public record Filter(Kind kind, String hospital, String period, String status, Boolean finished, String party) {}

  /**
   * One process instance. {@code subject} names what it is about: the business key of a month, the
   * release or recall id. {@code status} is the status our table holds now (for a month, the month's
   * status, which a later instance of the same month may have changed).
   */
  public record Row(String kind, String processInstanceId, String businessKey, String hospitalId, String period,
      String subject, String status, List<String> parties, Instant startTime, Instant endTime, String state) {}

  public record Page(long total, int page, int size, List<Row> items) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final ManagementService management;
  private final EngineAsSystem asSystem;
  private volatile String processInstanceTable;

  public InstanceHistory(NamedParameterJdbcTemplate jdbc, ManagementService management, EngineAsSystem asSystem) {
    this.jdbc = jdbc;
    this.management = management;
    this.asSystem = asSystem;
  }

  /** The engine's table of historic process instances, as the engine names it (with any table prefix). */
  private String processInstanceTable() {
    if (processInstanceTable == null) {
      // Asking the engine for a table's name is for Camunda administrators: the product asks, not the caller.
      processInstanceTable = asSystem.run(() -> management.getTableName(HistoricProcessInstance.class));
    }
    return processInstanceTable;
  }

  public Page list(Filter filter, int page, int size) {
    var params = new MapSqlParameterSource("processKey", filter.kind().processKey);
    List<String> where = new ArrayList<>(List.of("p.proc_def_key_ = :processKey"));
    String select = switch (filter.kind()) {
      case REPORT -> {
        add(where, params, filter.hospital(), "s.hospital_id = :hospital", "hospital");
        add(where, params, filter.period(), "s.period = :period", "period");
        add(where, params, filter.status(), "s.status = :status", "status");
        add(where, params, filter.party(), "s.hospital_id in (" + PartyDirectory.HOSPITALS_INVOLVING + ")", "party");
        yield """
            select 'report' as kind, p.id_, p.business_key_, p.start_time_, p.end_time_, p.state_,
                   s.hospital_id, s.period, s.hospital_id || ':' || s.period || ':' || s.final_recipient as subject,
                   s.status, array[s.hospital_id, s.final_recipient] as parties
              from %s p join optout.period_status s
                on p.business_key_ = s.hospital_id || ':' || s.period || ':' || s.final_recipient
            """;
      }
      case RELEASE -> {
        add(where, params, filter.hospital(), ":hospital = any(d.hospitals)", "hospital");
        add(where, params, filter.period(), "to_char(d.cutoff, 'YYYY-MM') = :period", "period");
        add(where, params, filter.status(), "d.status = :status", "status");
        add(where, params, filter.party(), "(d.producer = :party or d.data_user = :party)", "party");
        yield """
            select 'release' as kind, p.id_, p.business_key_, p.start_time_, p.end_time_, p.state_,
                   array_to_string(d.hospitals, ',') as hospital_id, to_char(d.cutoff, 'YYYY-MM') as period,
                   'release:' || d.id as subject, d.status, array[d.producer, d.data_user] as parties
              from %s p join optout.data_release d on d.process_instance_id = p.id_
            """;
      }
      case RECALL -> {
        add(where, params, filter.hospital(), "r.hospital_id = :hospital", "hospital");
        add(where, params, filter.period(), "to_char(e.received_on, 'YYYY-MM') = :period", "period");
        add(where, params, filter.status(), "r.status = :status", "status");
        add(where, params, filter.party(), "(r.hospital_id = :party or exists (select 1 from optout.recall_target t"
            + " where t.recall_id = r.id and (t.producer = :party or t.data_user = :party)))", "party");
        yield """
            select 'recall' as kind, p.id_, p.business_key_, p.start_time_, p.end_time_, p.state_,
                   r.hospital_id, to_char(e.received_on, 'YYYY-MM') as period, 'recall:' || r.id as subject,
                   r.status, array(select distinct x from optout.recall_target t,
                     unnest(array[t.producer, t.data_user]) x where t.recall_id = r.id order by x) as parties
              from %s p join optout.recall r on r.process_instance_id = p.id_
                        join optout.ledger_entry e on e.id = r.ledger_entry_id
            """;
      }
    };
    if (filter.finished() != null) {
      where.add(filter.finished() ? "p.end_time_ is not null" : "p.end_time_ is null");
    }
    String from = select.formatted(processInstanceTable())
        + " where " + String.join(" and ", where);
    Long total = jdbc.queryForObject("select count(*) from (" + from + ") q", params, Long.class);
    params.addValue("limit", size).addValue("offset", (long) page * size);
    List<Row> rows = jdbc.query(from + " order by p.start_time_ desc, p.id_ desc limit :limit offset :offset",
        params, InstanceHistory::row);
    return new Page(total == null ? 0 : total, page, size, rows);
  }

  private static void add(List<String> where, MapSqlParameterSource params, String value, String condition,
      String name) {
    if (value != null) {
      where.add(condition);
      params.addValue(name, value);
    }
  }

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    String[] parties = (String[]) rs.getArray("parties").getArray();
    return new Row(rs.getString("kind"), rs.getString("id_"), rs.getString("business_key_"),
        rs.getString("hospital_id"), rs.getString("period"), rs.getString("subject"), rs.getString("status"),
        Arrays.stream(parties).filter(java.util.Objects::nonNull).toList(), instant(rs.getTimestamp("start_time_")),
        instant(rs.getTimestamp("end_time_")), rs.getString("state_"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  /** Our figures for one hospital's month: every row, in the order they were written. */
  public Map<String, List<Map<String, Object>>> monthFigures(String hospitalId, String period, String recipient) {
    var params = Map.of("hospital", hospitalId, "period", period, "recipient", recipient);
    var figures = new java.util.LinkedHashMap<String, List<Map<String, Object>>>();
    figures.put("status", jdbc.queryForList("""
        select hospital_id, period, final_recipient, status, process_instance_id, current_hop, divergent_hop,
               updated_at from optout.period_status
         where hospital_id = :hospital and period = :period and final_recipient = :recipient""", params));
    figures.put("declarations", jdbc.queryForList("""
        select declared_count, nil_attested, declared_digest_prefix, declared_by, declared_at, reason
          from optout.count_declaration where hospital_id = :hospital and period = :period order by id""", params));
    figures.put("reports", jdbc.queryForList("""
        select version, final_recipient, period_count, supplement_count, period_count + supplement_count as total_count,
               digest, source, state, created_by, created_at, sent_by, sent_at
          from optout.monthly_report where hospital_id = :hospital and period = :period and final_recipient = :recipient
         order by version""", params));
    figures.put("acknowledgements", jdbc.queryForList("""
        select r.version, a.hop, a.sender, a.receiver, a.acknowledged_count, a.digest_prefix, a.acknowledged_by,
               a.acknowledged_at
          from optout.hop_acknowledgement a join optout.monthly_report r on r.id = a.report_id
         where r.hospital_id = :hospital and r.period = :period and r.final_recipient = :recipient
         order by a.id""", params));
    figures.put("discrepancies", jdbc.queryForList("""
        select id, kind, hop, responsible_party, expected, actual, detail, opened_at, resolution, resolution_reason,
               resolved_by, resolved_at
          from optout.discrepancy where hospital_id = :hospital and period = :period and final_recipient = :recipient
         order by id""", params));
    figures.put("escalations", jdbc.queryForList("""
        select level, escalated_to, cause, escalated_at, handling, handled_by, handled_at, note, process_instance_id
          from optout.escalation where hospital_id = :hospital and period = :period and final_recipient = :recipient
         order by id""", params));
    return figures;
  }

  /** The reasons the month's resolved discrepancies were given, by discrepancy id. */
  public Map<Long, String> resolutionReasons(String hospitalId, String period) {
    var reasons = new java.util.HashMap<Long, String>();
    jdbc.query("""
        select id, resolution_reason from optout.discrepancy
         where hospital_id = :hospital and period = :period and resolution_reason is not null""",
        Map.of("hospital", hospitalId, "period", period),
        rs -> {
          reasons.put(rs.getLong("id"), rs.getString("resolution_reason"));
        });
    return reasons;
  }

  /** The release run by this instance, its escalations and the keys it carried, counted per hospital. */
  public Map<String, List<Map<String, Object>>> releaseFigures(String processInstanceId) {
    var params = Map.of("pid", processInstanceId);
    var figures = new java.util.LinkedHashMap<String, List<Map<String, Object>>>();
    figures.put("release", jdbc.queryForList("""
        select id, producer, data_user, cutoff, array_to_string(hospitals, ', ') as hospitals, key_count, status,
               blocked_detail, digest, registered_by, registered_at, decided_by, decided_at, decision_reason
          from optout.data_release where process_instance_id = :pid""", params));
    figures.put("keysPerHospital", jdbc.queryForList("""
        select k.hospital_id, count(*) as keys from optout.release_key k join optout.data_release d
            on d.id = k.release_id where d.process_instance_id = :pid group by k.hospital_id order by k.hospital_id""",
        params));
    figures.put("escalations", jdbc.queryForList("""
        select e.escalated_to, e.cause, e.escalated_at, e.handling, e.handled_by, e.handled_at, e.note
          from optout.release_escalation e
          join optout.data_release d on d.id = e.release_id where d.process_instance_id = :pid order by e.id""",
        params));
    return figures;
  }

  /** The recall run by this instance: the late opt-out, the releases it touched, every step taken, its escalations. */
  public Map<String, List<Map<String, Object>>> recallFigures(String processInstanceId) {
    var params = Map.of("pid", processInstanceId);
    var figures = new java.util.LinkedHashMap<String, List<Map<String, Object>>>();
    figures.put("recall", jdbc.queryForList("""
        select r.id, r.hospital_id, r.status, r.opened_at, r.closed_at, e.patient_key, e.kind, e.received_on,
               e.recorded_by, e.recorded_at
          from optout.recall r join optout.ledger_entry e on e.id = r.ledger_entry_id
         where r.process_instance_id = :pid""", params));
    figures.put("targets", jdbc.queryForList("""
        select t.id, t.release_id, t.producer, t.data_user from optout.recall_target t
          join optout.recall r on r.id = t.recall_id where r.process_instance_id = :pid order by t.id""", params));
    figures.put("steps", jdbc.queryForList("""
        select s.step, s.target_id, s.done_by, s.done_at, s.note from optout.recall_step s
          join optout.recall r on r.id = s.recall_id where r.process_instance_id = :pid order by s.id""", params));
    figures.put("escalations", jdbc.queryForList("""
        select e.target_id, e.escalated_to, e.cause, e.escalated_at, e.handling, e.handled_by, e.handled_at, e.note
          from optout.recall_escalation e where e.process_instance_id = :pid order by e.id""", params));
    return figures;
  }
}
