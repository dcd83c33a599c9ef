package io.optoutchain.audit;

import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.MonthlyReportService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit trail for regulators (read-only): events filtered and paged, one hospital's month as a
 * timeline with the engine's own history, the period matrix, and verification of the chain; each
 * table also as a CSV or JSON file ({@link Downloads}). A party reads only the events its own users
 * caused.
 */
@RestController
public class AuditController {

  /** How many months the matrix shows when the caller names none: the current one and six before. */
  static final int DEFAULT_MONTHS = 7;
  private static final int MAX_MONTHS = 61;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final AuditEvents events;
  private final AuditVerifier verifier;
  private final InstanceHistory instances;
  private final HistoryService history;
  private final IdentityService identities;
  private final EngineAsSystem asSystem;
  private final CurrentActor actor;
  private final ObjectMapper json;
  private final Downloads downloads;
  private final PartyDirectory directory;
  private final PartyGroups partyGroups;
  private final PeriodMatrix matrix;
  private final ReportingProperties reporting;
  private final Clock clock;

  public AuditController(AuditEvents events, AuditVerifier verifier, InstanceHistory instances,
      HistoryService history, IdentityService identities, EngineAsSystem asSystem, CurrentActor actor,
      ObjectMapper json, Downloads downloads, PartyDirectory directory, PartyGroups partyGroups,
      PeriodMatrix matrix, ReportingProperties reporting, Clock clock) {
    this.events = events;
    this.verifier = verifier;
    this.instances = instances;
    this.history = history;
    this.identities = identities;
    this.asSystem = asSystem;
    this.actor = actor;
    this.json = json;
    this.downloads = downloads;
    this.directory = directory;
    this.partyGroups = partyGroups;
    this.matrix = matrix;
    this.reporting = reporting;
    this.clock = clock;
  }

  @GetMapping("/api/audit/verify")
  public AuditVerifier.Verification verify() {
    requireOverseer(actor.require());
    return verifier.verify();
  }

  @GetMapping("/api/audit/events")
  public List<AuditEvents.Event> events(@RequestParam(required = false) String party,
      @RequestParam(required = false) String hospital, @RequestParam(required = false) String period,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
    if (page < 0 || size < 1 || size > 1000) {
      throw Rejected.invalid("size", "page は0以上、size は1～1000で指定してください", "page from 0, size 1 to 1000");
    }
    return events.page(filter(party, hospital, period, type, from, to), page, size);
  }

  /** Every event the filter selects, unpaged, streamed from the database as it is written. */
  @GetMapping("/api/audit/events/export")
  public ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
      @RequestParam(required = false) String party, @RequestParam(required = false) String hospital,
      @RequestParam(required = false) String period, @RequestParam(required = false) String type,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
    Downloads.Format chosen = Downloads.format(format);
    AuditEvents.Filter filter = filter(party, hospital, period, type, from, to);
    return downloads.of(chosen, "audit-trail", AuditEvents.Event.class, sink -> events.stream(filter, sink));
  }

  /** One report chain's months: a hospital has one row per certified producer receiving its records. */
  public record MatrixRow(String hospitalId, String hospitalName, String finalRecipient, String finalRecipientName,
      Map<String, String> statuses) {}

  /** One page of the matrix: {@code total} rows in all, this page's {@code hospitals} among them. */
  public record Matrix(List<String> periods, List<MatrixRow> hospitals, long total, int page, int size) {}

  /** Rows a matrix page holds when the caller names no size, and at most. */
  static final int DEFAULT_MATRIX_ROWS = 100;
  static final int MAX_MATRIX_ROWS = 1000;

  /**
   * Hospitals × months, each cell the period's status (NOT_STARTED where it never began), aggregated
   * by the database ({@link PeriodMatrix}) and paged by rows. Without {@code from} and {@code to}:
   * the current month in Japan and the six before it, but never a month before the first one
   * reported through the product ({@code optout.reporting.first-period}).
   */
  @GetMapping("/api/audit/matrix")
  public Matrix matrix(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + DEFAULT_MATRIX_ROWS) int size) {
    requireOverseer(actor.require());
    if (page < 0 || page > 1_000_000 || size < 1 || size > MAX_MATRIX_ROWS) {
      throw Rejected.invalid("size", "page は0以上、size は1～" + MAX_MATRIX_ROWS + "で指定してください",
          "page from 0, size 1 to " + MAX_MATRIX_ROWS);
    }
    List<YearMonth> months = months(from, to);
    YearMonth first = months.get(0);
    YearMonth last = months.get(months.size() - 1);
    PeriodMatrix.Page rows = matrix.page(first, last, page, size);
    return new Matrix(months.stream().map(YearMonth::toString).toList(), rows.rows().stream()
        .map(r -> new MatrixRow(r.hospitalId(), r.hospitalName(), r.finalRecipient(), r.finalRecipientName(),
            r.statuses())).toList(), rows.total(), page, size);
  }

  /** The months asked, or the default range; refused when backwards or longer than 61 months. */
  private List<YearMonth> months(String from, String to) {
    YearMonth last = blank(to) ? YearMonth.now(clock) : ReportingPeriod.parse(to).month();
    YearMonth first = blank(from) ? defaultFirst(last) : ReportingPeriod.parse(from).month();
    if (last.isBefore(first) || first.plusMonths(MAX_MONTHS - 1).isBefore(last)) {
      throw Rejected.invalid("to", "終了月は開始月と同じか後の月で、60か月後までです",
          "to is the month of from or up to 60 months after it");
    }
    List<YearMonth> months = new ArrayList<>();
    for (var m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  private YearMonth defaultFirst(YearMonth last) {
    YearMonth first = last.minusMonths(DEFAULT_MONTHS - 1);
    YearMonth firstReported = ReportingPeriod.parse(reporting.firstPeriod()).month();
    if (first.isBefore(firstReported)) {
      first = firstReported;
    }
    return first.isAfter(last) ? last : first;
  }

  /** One matrix cell per row, so that a spreadsheet can filter and count by month or status. */
  public record MatrixCell(String hospitalId, String hospitalName, String finalRecipient, String finalRecipientName,
      String period, String status) {}

  /** Every row of the range, unpaged, streamed from the database as it is written. */
  @GetMapping("/api/audit/matrix/export")
  public ResponseEntity<StreamingResponseBody> exportMatrix(@RequestParam(defaultValue = "csv") String format,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    Downloads.Format chosen = Downloads.format(format);
    requireOverseer(actor.require());
    List<YearMonth> months = months(from, to);
    YearMonth first = months.get(0);
    YearMonth last = months.get(months.size() - 1);
    return downloads.of(chosen, "period-matrix-" + first + "-to-" + last, MatrixCell.class,
        sink -> matrix.stream(first, last, row -> row.statuses().forEach((period, status) -> sink.accept(
            new MatrixCell(row.hospitalId(), row.hospitalName(), row.finalRecipient(), row.finalRecipientName(),
                period, status)))));
  }

  /**
   * One line of a month's story. {@code party} is the party the user works for, when it has one.
   * A resolution's {@code reason} is the one its operator typed, kept beside the trail (see
   * {@code MonthlyReportService.resolve}); {@code reasonMatchesTrail} says whether it still has the
   * digest the trail recorded (null for a resolution recorded before the trail held the digest).
   */
  public record TimelineEntry(Instant at, String source, String finalRecipient, String what, String who,
      String party, String partyName, String detail, String reason, Boolean reasonMatchesTrail) {}

  /** One hospital's month: our events merged with the engine's activities, tasks and operation log. */
  @GetMapping("/api/audit/timeline/{hospitalId}/{period}")
  public List<TimelineEntry> timeline(@PathVariable String hospitalId, @PathVariable String period) {
    requireOverseer(actor.require());
    if (!ID.matcher(hospitalId).matches()) {
      throw Rejected.invalid("hospitalId", "医療機関IDが不正です（64文字以内の英数字）",
          "a hospital id is at most 64 letters, digits, '.', '_' or '-'");
    }
    String month = ReportingPeriod.parse(period).label();
    Map<Long, String> reasons = instances.resolutionReasons(hospitalId, month);
    Map<String, String> parties = new HashMap<>();
    List<TimelineEntry> entries = new ArrayList<>();
    events.stream(new AuditEvents.Filter(null, hospitalId, month, null, null, null), event -> {
      String reason = null;
      Boolean matches = null;
      if ("RESOLUTION".equals(event.eventType())) {
        var payload = payload(event);
        reason = reasons.get(payload.path("discrepancyId").asLong());
        if (payload.hasNonNull(AuditTrail.REASON_SHA256)) {
          matches = reason != null
              && AuditTrail.freeTextDigest(reason).equals(payload.get(AuditTrail.REASON_SHA256).asText());
        }
      }
      var recipient = payload(event).path(MonthlyReportService.FINAL_RECIPIENT);
      entries.add(new TimelineEntry(event.occurredAt(), "audit", recipient.isTextual() ? recipient.asText() : null,
          event.eventType(), event.actorUser(), event.actorParty(), nameOf(event.actorParty()), event.payload(), reason,
          matches));
    });
    // One report per certified producer: every instance of the hospital's month (hospital:month:recipient).
    for (var instance : history.createHistoricProcessInstanceQuery().processDefinitionKey(ProcessKeys.MONTHLY_REPORT)
        .processInstanceBusinessKeyLike(hospitalId + ":" + month + ":%").list()) {
      PeriodRef report = PeriodRef.ofBusinessKey(instance.getBusinessKey());
      if (!report.hospitalId().equals(hospitalId)) {
        continue; // LIKE reads '_' in an id as any character
      }
      String recipient = report.finalRecipient();
      // Who completed a task is in the operation log: our operators complete without claiming.
      Map<String, String> completedBy = new HashMap<>();
      var operations = history.createUserOperationLogQuery().processInstanceId(instance.getId()).list();
      operations.stream()
          .filter(o -> UserOperationLogEntry.OPERATION_TYPE_COMPLETE.equals(o.getOperationType()))
          .filter(o -> o.getTaskId() != null)
          .forEach(o -> completedBy.putIfAbsent(o.getTaskId(), o.getUserId()));
      history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).list().stream()
          .filter(a -> a.getActivityName() != null)
          .forEach(a -> entries.add(engineEntry(a.getStartTime().toInstant(), "process", recipient,
              a.getActivityName(), a.getAssignee(), a.getActivityType(), parties)));
      history.createHistoricTaskInstanceQuery().processInstanceId(instance.getId()).finished().list()
          .forEach(t -> entries.add(engineEntry(t.getEndTime().toInstant(), "task", recipient, t.getName(),
              completedBy.getOrDefault(t.getId(), t.getAssignee()), t.getDeleteReason(), parties)));
      operations.forEach(o -> entries.add(engineEntry(o.getTimestamp().toInstant(), "operation", recipient,
          o.getOperationType(), o.getUserId(), o.getProperty(), parties)));
    }
    entries.sort(Comparator.comparing(TimelineEntry::at));
    return entries;
  }

  @GetMapping("/api/audit/timeline/{hospitalId}/{period}/export")
  public ResponseEntity<StreamingResponseBody> exportTimeline(@PathVariable String hospitalId,
      @PathVariable String period, @RequestParam(defaultValue = "csv") String format) {
    Downloads.Format chosen = Downloads.format(format);
    List<TimelineEntry> entries = timeline(hospitalId, period);
    return downloads.of(chosen, "timeline-" + hospitalId + "-" + period, TimelineEntry.class, entries);
  }

  private TimelineEntry engineEntry(Instant at, String source, String recipient, String what, String userId,
      String detail, Map<String, String> parties) {
    String party = userId == null ? null : parties.computeIfAbsent(userId, this::partyOfUser);
    return new TimelineEntry(at, source, recipient, what, userId, party, nameOf(party), detail, null, null);
  }

  /** The party a user works for, from its groups; reading them is the product's business, not the regulator's. */
  private String partyOfUser(String userId) {
    List<String> groups = asSystem.run(() -> identities.createGroupQuery().groupMember(userId).list())
        .stream().map(Group::getId).toList();
    return partyGroups.partyOf(groups).orElse(null);
  }

  private String nameOf(String partyId) {
    return partyId == null ? null : directory.party(partyId).map(Party::name).orElse(null);
  }

  private com.fasterxml.jackson.databind.JsonNode payload(AuditEvents.Event event) {
    try {
      return json.readTree(event.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit event " + event.id() + " holds a payload that is not JSON", e);
    }
  }

  private AuditEvents.Filter filter(String party, String hospital, String period, String type, Instant from,
      Instant to) {
    Actor caller = actor.require();
    boolean overseer = caller.isAdministrator() || caller.isRegulator();
    if (!overseer && caller.partyId() == null) {
      throw Rejected.forbidden("監査証跡を読めるのは規制当局、管理者、関係組織だけです",
          "only regulators, administrators and parties read the audit trail");
    }
    if (period != null) {
      ReportingPeriod.parse(period);
    }
    return new AuditEvents.Filter(overseer ? party : caller.partyId(), hospital, period, type, from, to);
  }

  /** Administrators and regulators: the overseers, who read every party's history and figures. */
  static void requireOverseer(Actor caller) {
    if (!caller.isAdministrator() && !caller.isRegulator()) {
      throw Rejected.forbidden("これを読めるのは規制当局と管理者だけです", "only regulators and administrators read this");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
