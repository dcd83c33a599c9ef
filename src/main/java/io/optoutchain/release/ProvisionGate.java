package io.optoutchain.release;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyRole;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The provision gate: a certified producer provides data cut off at a date only if every month of
 * every hospital in it, from the first reported month through the month of the cut-off, is
 * RECONCILED towards that producer. Counting reconciled rows answers OPEN with one index range
 * scan; only a closed gate looks for the months that block it.
 */
@Service
@Transactional
public class ProvisionGate {

  static final int LISTED = 1000;

  private final NamedParameterJdbcTemplate jdbc;
  private final PartyDirectory directory;
  private final ReportingPeriod firstPeriod;
  private final AuditTrail audit;

  public ProvisionGate(NamedParameterJdbcTemplate jdbc, PartyDirectory directory, ReportingProperties properties,
      AuditTrail audit) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.directory = directory;
    this.firstPeriod = properties.firstReportedPeriod();
  }

  /** Decides, and records the decision in the audit trail. */
  public GateDecision decide(String finalRecipient, LocalDate cutoff, List<String> hospitals) {
    return recorded(evaluate(finalRecipient, cutoff, hospitals));
  }

  /**
   * Decides for every hospital whose chain has a report route ending at the recipient, and records
   * the decision. The hospitals are a subquery over our tables: no list of them crosses the wire.
   */
  public GateDecision decideForAllHospitals(String finalRecipient, LocalDate cutoff) {
    return recorded(evaluateForAllHospitals(finalRecipient, cutoff));
  }

  private GateDecision recorded(GateDecision decision) {
    audit.record("GATE_DECISION", null, null, Map.of("recipient", decision.finalRecipient(),
        "cutoff", decision.cutoff().toString(), "hospitals", decision.hospitals(),
        "decision", decision.decision().name(), "blockingCount", decision.blockingCount()));
    return decision;
  }

  /** The decision alone, not recorded: what the benchmark measures. */
  public GateDecision evaluate(String finalRecipient, LocalDate cutoff, List<String> hospitals) {
    List<String> periods = periods(finalRecipient, cutoff);
    if (hospitals == null || hospitals.isEmpty()) {
      throw noHospitals();
    }
    // One array bind, however many hospitals the release names.
    var params = new MapSqlParameterSource("hospitals", new SqlArrayValue("text", hospitals.toArray()));
    return evaluate(finalRecipient, cutoff, periods, "select distinct unnest(:hospitals) as hospital_id", params,
        hospitals.stream().distinct().count(), hospitals.size());
  }

  /** The decision for every hospital reporting to the recipient, not recorded. */
  public GateDecision evaluateForAllHospitals(String finalRecipient, LocalDate cutoff) {
    List<String> periods = periods(finalRecipient, cutoff);
    var params = new MapSqlParameterSource();
    Long count = jdbc.queryForObject("select count(*) from (" + PartyDirectory.HOSPITALS_REPORTING_TO + ") q",
        new MapSqlParameterSource("recipient", finalRecipient), Long.class);
    if (count == null || count == 0) {
      throw noHospitals();
    }
    return evaluate(finalRecipient, cutoff, periods, PartyDirectory.HOSPITALS_REPORTING_TO, params, count,
        Math.toIntExact(count));
  }

  /** The months the gate looks at, from the first reported one through the cut-off's; checks the question. */
  private List<String> periods(String finalRecipient, LocalDate cutoff) {
    if (directory.party(finalRecipient).filter(p -> p.holds(PartyRole.CERTIFIED_PRODUCER)).isEmpty()) {
      throw Rejected.invalid("recipient", "'" + finalRecipient + "' は設定された認定作成事業者ではありません",
          "'" + finalRecipient + "' is not a configured certified producer");
    }
    if (cutoff == null) {
      throw Rejected.invalid("cutoff", "リリースの基準日は必須です", "the release's cut-off date is required");
    }
    ReportingPeriod last = ReportingPeriod.of(cutoff);
    if (last.compareTo(firstPeriod) < 0) {
      throw Rejected.invalid("cutoff", "基準日 " + cutoff + " は最初の報告月 " + firstPeriod + " より前です",
          "the cut-off " + cutoff + " is before the first reported month " + firstPeriod);
    }
    List<String> periods = new ArrayList<>();
    for (YearMonth m = firstPeriod.month(); !m.isAfter(last.month()); m = m.plusMonths(1)) {
      periods.add(m.toString());
    }
    return periods;
  }

  private static Rejected noHospitals() {
    return Rejected.invalid("hospitals", "リリースに含まれるデータの病院を指定してください",
        "name the hospitals whose data the release contains");
  }

  /**
   * {@code hospitals} is SQL selecting {@code hospital_id}, distinct; {@code distinct} is how many
   * rows it selects and {@code named} how many the caller named.
   */
  private GateDecision evaluate(String finalRecipient, LocalDate cutoff, List<String> periods, String hospitals,
      MapSqlParameterSource params, long distinct, int named) {
    params.addValue("recipient", finalRecipient)
        .addValue("periods", new SqlArrayValue("text", periods.toArray()))
        .addValue("from", periods.get(0)).addValue("to", periods.get(periods.size() - 1));
    String last = periods.get(periods.size() - 1);
    long required = distinct * periods.size();
    Map<String, Object> counts = jdbc.queryForMap("""
        select count(*) filter (where status = 'RECONCILED') as reconciled, count(*) as started
          from optout.period_status
         where final_recipient = :recipient and period between :from and :to and hospital_id in (%s)
        """.formatted(hospitals), params);
    long reconciled = ((Number) counts.get("reconciled")).longValue();
    long started = ((Number) counts.get("started")).longValue();
    if (reconciled == required) {
      return new GateDecision(finalRecipient, cutoff, periods.get(0), last, named, GateDecision.Decision.OPEN, 0,
          List.of());
    }
    // Every month started: the blocking ones are the few not reconciled (a partial index holds them).
    // Some never started: only then compare every hospital with every month.
    String blockingQuery = started == required
        ? """
          select hospital_id, period, status from optout.period_status
           where final_recipient = :recipient and period between :from and :to and status <> 'RECONCILED'
             and hospital_id in (%s)
           order by period, hospital_id
           limit
          """.formatted(hospitals)
        : """
          select h.hospital_id, p.period, coalesce(s.status, 'NOT_STARTED') as status
            from (%s) h
            cross join unnest(:periods) as p(period)
            left join optout.period_status s
              on s.hospital_id = h.hospital_id and s.period = p.period and s.final_recipient = :recipient
           where s.status is distinct from 'RECONCILED'
           order by p.period, h.hospital_id
           limit
          """.formatted(hospitals);
    List<GateDecision.Blocking> blocking = jdbc.query(blockingQuery + LISTED, params,
        (rs, row) -> new GateDecision.Blocking(rs.getString(1), rs.getString(2), rs.getString(3)));
    return new GateDecision(finalRecipient, cutoff, periods.get(0), last, named, GateDecision.Decision.CLOSED,
        required - reconciled, blocking);
  }
}
