package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.PartyDirectory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  /**
   * Opens a period on the route its report takes; refuses a second opening of the same hospital,
   * period and recipient. The report that carries the hospital's declaration is the month's first
   * one opened: any later one waits for it.
   */
  public void open(PeriodRef ref, List<String> route, Instant at) {
    if (!openIfAbsent(ref, route, at)) {
      throw Rejected.conflict(ref.hospitalId() + " から " + ref.finalRecipient() + " への " + ref.period() + " の報告はすでに開始されています",
          "the " + ref.period() + " report of " + ref.hospitalId() + " to "
          + ref.finalRecipient() + " has already been started");
    }
  }

  /**
   * As {@link #open}, but false for a report opened already, without an error: the transaction goes on
   * (PostgreSQL aborts a transaction at its first error), so the month's chunked start skips what
   * was started by name.
   */
  public boolean openIfAbsent(PeriodRef ref, List<String> route, Instant at) {
    try {
      return jdbc.update("""
          insert into optout.period_status (hospital_id, period, final_recipient, status, updated_at,
                                            report_route, declares)
          select :hospital, :period, :recipient, 'OPEN', :at, :route,
                 not exists (select 1 from optout.period_status
                              where hospital_id = :hospital and period = :period and declares)
          on conflict (hospital_id, period, final_recipient) do nothing
          """, params(ref).addValue("at", Timestamp.from(at)).addValue("route", route.toArray(String[]::new))) == 1;
    } catch (DuplicateKeyException e) {
      // Another transaction opened the hospital's declaring report of the month at the same moment.
      throw Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告は同時に開始されています",
          "the " + ref.period() + " reports of " + ref.hospitalId() + " are being started at the same moment");
    }
  }

  /** Binds the report to the process instance that runs it, once: every delegate finds its report by it. */
  public void attachProcessInstance(PeriodRef ref, String processInstanceId) {
    int bound = jdbc.update("update optout.period_status set process_instance_id = :pid where " + MATCH
            + " and process_instance_id is null", params(ref).addValue("pid", processInstanceId));
    if (bound != 1) {
      throw new IllegalStateException(ref + " is not open, or already runs in another process instance");
    }
  }

  /** The report a process instance runs; the only way a delegate learns its subject. */
  public PeriodRef refOfProcessInstance(String processInstanceId) {
    return refOfProcessInstance(processInstanceId, "");
  }

  /**
   * The report a process instance runs, its row locked until the transaction ends: one user's step
   * on a report at a time, so a second, concurrent completion sees what the first one did.
   */
  public PeriodRef lockRefOfProcessInstance(String processInstanceId) {
    return refOfProcessInstance(processInstanceId, " for update");
  }

  private PeriodRef refOfProcessInstance(String processInstanceId, String lock) {
    List<PeriodRef> refs = jdbc.query("select hospital_id, period, final_recipient from optout.period_status"
            + " where process_instance_id = :pid" + lock, Map.of("pid", processInstanceId),
        (rs, row) -> new PeriodRef(rs.getString(1), ReportingPeriod.parse(rs.getString(2)), rs.getString(3)));
    if (refs.size() != 1) {
      throw new IllegalStateException("process instance " + processInstanceId + " runs no monthly report");
    }
    return refs.get(0);
  }

  /**
   * Moves a period to {@code to} only from a status that may lead there; false when the period
   * stands elsewhere, so no path moves it to a status its figures do not justify.
   */
  public boolean transition(PeriodRef ref, PeriodStatus to, Instant at) {
    return jdbc.update("update optout.period_status set status = :status, updated_at = :at where " + MATCH
            + " and status in (:from)", params(ref).addValue("status", to.name()).addValue("at", Timestamp.from(at))
            .addValue("from", names(to.reachableFrom()))) == 1;
  }

  /**
   * Marks a period reconciled only if our tables show it: a report of record delivered through every
   * hop, and no discrepancy left open.
   */
  public boolean markReconciled(PeriodRef ref, Instant at) {
    return jdbc.update("""
        update optout.period_status s set status = 'RECONCILED', updated_at = :at
         where s.hospital_id = :hospital and s.period = :period and s.final_recipient = :recipient
           and s.status in (:from)
           and exists (select 1 from optout.monthly_report r
                        where r.hospital_id = s.hospital_id and r.period = s.period
                          and r.final_recipient = s.final_recipient and r.state = 'SENT'
                          and r.delivered_at is not null)
           and not exists (select 1 from optout.discrepancy d
                            where d.hospital_id = s.hospital_id and d.period = s.period
                              and d.final_recipient = s.final_recipient and d.resolved_at is null)
        """, params(ref).addValue("at", Timestamp.from(at))
        .addValue("from", names(PeriodStatus.RECONCILED.reachableFrom()))) == 1;
  }

  /**
   * Takes a reconciled month back out of RECONCILED, unbinding it from the process instance that
   * reconciled it so that a new one can take it up; false if the month was not reconciled.
   */
  public boolean reopen(PeriodRef ref, Instant at) {
    return jdbc.update("""
        update optout.period_status set status = 'DISCREPANCY', updated_at = :at, process_instance_id = null,
                                        current_hop = 1, divergent_hop = 1
         where hospital_id = :hospital and period = :period and final_recipient = :recipient
           and status = 'RECONCILED'
        """, params(ref).addValue("at", Timestamp.from(at))) == 1;
  }

  /** The route the report takes, as recorded when its month started; empty for a month started before routes were recorded. */
  public List<String> route(PeriodRef ref) {
    return jdbc.query("select report_route from optout.period_status where " + MATCH + " and report_route is not null",
            params(ref), (rs, row) -> List.of((String[]) rs.getArray(1).getArray()))
        .stream().findFirst().orElse(List.of());
  }

  /** Whether this report carries the hospital's declaration for the month. */
  public boolean declares(PeriodRef ref) {
    return jdbc.queryForObject("select declares from optout.period_status where " + MATCH, params(ref),
        Boolean.class);
  }

  /** The hospital's reports of the period, one per final recipient, the declaring one first. */
  public List<PeriodRef> reportsOf(String hospitalId, ReportingPeriod period) {
    return jdbc.query("""
        select final_recipient from optout.period_status where hospital_id = :hospital and period = :period
         order by declares desc, final_recipient
        """, new MapSqlParameterSource("hospital", hospitalId).addValue("period", period.label()),
        (rs, row) -> new PeriodRef(hospitalId, period, rs.getString(1)));
  }

  /** The process instances running the hospital's reports of the period. */
  public List<String> processInstancesOf(String hospitalId, ReportingPeriod period) {
    return jdbc.queryForList("""
        select process_instance_id from optout.period_status
         where hospital_id = :hospital and period = :period and process_instance_id is not null
        """, new MapSqlParameterSource("hospital", hospitalId).addValue("period", period.label()), String.class);
  }

  /** The hop whose receiver must acknowledge next. */
  public int currentHop(PeriodRef ref) {
    return jdbc.queryForObject("select current_hop from optout.period_status where " + MATCH, params(ref),
        Integer.class);
  }

  /** The hop from which acknowledgements resume once the open discrepancy is resolved. */
  public int divergentHop(PeriodRef ref) {
    return jdbc.queryForObject("select divergent_hop from optout.period_status where " + MATCH, params(ref),
        Integer.class);
  }

  /** Moves the hop loop from one hop to another; refused if the loop is not where the caller believes. */
  public void moveToHop(PeriodRef ref, int from, int to) {
    if (jdbc.update("update optout.period_status set current_hop = :to where " + MATCH + " and current_hop = :from",
        params(ref).addValue("from", from).addValue("to", to)) != 1) {
      throw new IllegalStateException(ref + " is not at hop " + from);
    }
  }

  public void markDivergentHop(PeriodRef ref, int hop) {
    jdbc.update("update optout.period_status set divergent_hop = :hop where " + MATCH, params(ref).addValue("hop", hop));
  }

  private static List<String> names(java.util.Set<PeriodStatus> statuses) {
    return statuses.stream().map(Enum::name).toList();
  }

  public Optional<PeriodStatusView> find(PeriodRef ref) {
    return jdbc.query("select * from optout.period_status where " + MATCH, params(ref), PeriodStatusRepository::view)
        .stream().findFirst();
  }

  /** One page of a period's statuses, in hospital and recipient order, and how many there are in all. */
  public record StatusPage(long total, int page, int size, List<PeriodStatusView> items) {}

  /**
   * The period's statuses of every hospital assigned a chain ({@code party} null), or of the
   * hospitals that {@code party} handles: a join on our tables, never a list of hospitals bound.
   */
  public StatusPage forPeriod(ReportingPeriod period, String party, int page, int size) {
    var params = new MapSqlParameterSource("period", period.label());
    String hospitals = "select hospital_id from optout.hospital_chain";
    if (party != null) {
      hospitals = PartyDirectory.HOSPITALS_INVOLVING;
      params.addValue("party", party);
    }
    String from = " from optout.period_status where period = :period and hospital_id in (" + hospitals + ")";
    Long total = jdbc.queryForObject("select count(*)" + from, params, Long.class);
    params.addValue("limit", size).addValue("offset", (long) page * size);
    List<PeriodStatusView> items = jdbc.query("select *" + from
            + " order by hospital_id collate \"C\", final_recipient collate \"C\" limit :limit offset :offset",
        params, PeriodStatusRepository::view);
    return new StatusPage(total == null ? 0 : total, page, size, items);
  }

  private static PeriodStatusView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new PeriodStatusView(rs.getString("hospital_id"), rs.getString("period"),
        rs.getString("final_recipient"), PeriodStatus.valueOf(rs.getString("status")),
        rs.getString("process_instance_id"), rs.getTimestamp("updated_at").toInstant());
  }

  public record PeriodStatusView(String hospitalId, String period, String finalRecipient, PeriodStatus status,
      String processInstanceId, Instant updatedAt) {}
}
