package io.optoutchain.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.reporting.ReportingPeriod;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit trail for regulators (read-only): events filtered and paged, exported as CSV or JSON,
 * one hospital's month as a timeline with the engine's own history, and verification of the chain.
 * A party reads only the events its own users caused.
 */
@RestController
public class AuditController {

  private final AuditEvents events;
  private final AuditVerifier verifier;
  private final HistoryService history;
  private final CurrentActor actor;
  private final ObjectMapper json;
  private final io.optoutchain.party.PartyDirectory directory;
  private final io.optoutchain.reporting.PeriodStatusRepository statuses;

  public AuditController(AuditEvents events, AuditVerifier verifier, HistoryService history, CurrentActor actor,
      ObjectMapper json, io.optoutchain.party.PartyDirectory directory,
      io.optoutchain.reporting.PeriodStatusRepository statuses) {
    this.directory = directory;
    this.statuses = statuses;
    this.events = events;
    this.verifier = verifier;
    this.history = history;
    this.actor = actor;
    this.json = json;
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

  @GetMapping("/api/audit/events/export")
  public ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
      @RequestParam(required = false) String party, @RequestParam(required = false) String hospital,
      @RequestParam(required = false) String period, @RequestParam(required = false) String type,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
    AuditEvents.Filter filter = filter(party, hospital, period, type, from, to);
    boolean csv = switch (format) {
      case "csv" -> true;
      case "json" -> false;
      default -> throw Rejected.invalid("format", "format は csv または json です", "format is csv or json");
    };
    StreamingResponseBody body = out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      if (csv) {
        writer.write("seq,occurred_at,actor_user,actor_party,event_type,hospital_id,period,process_instance_id,"
            + "payload,previous_hash,hash\n");
      } else {
        writer.write("[");
      }
      boolean[] first = {true};
      events.stream(filter, event -> {
        try {
          if (csv) {
            writer.write(String.join(",", String.valueOf(event.seq()), event.occurredAt().toString(),
                quote(event.actorUser()), quote(event.actorParty()), event.eventType(), quote(event.hospitalId()),
                quote(event.period()), quote(event.processInstanceId()), quote(event.payload()), event.previousHash(),
                event.hash()) + "\n");
          } else {
            writer.write((first[0] ? "" : ",") + json.writeValueAsString(event));
          }
          first[0] = false;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.write(csv ? "" : "]");
      writer.flush();
    };
    return ResponseEntity.ok()
        .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=audit-trail." + format)
        .body(body);
  }

  public record MatrixRow(String hospitalId, java.util.Map<String, String> statuses) {}

  public record Matrix(List<String> periods, List<MatrixRow> hospitals) {}

  /** Hospitals × months, each cell the period's status (NOT_STARTED where it never began). */
  @GetMapping("/api/audit/matrix")
  public Matrix matrix(@RequestParam String from, @RequestParam String to) {
    requireOverseer(actor.require());
    var first = ReportingPeriod.parse(from).month();
    var last = ReportingPeriod.parse(to).month();
    if (last.isBefore(first) || first.plusMonths(60).isBefore(last)) {
      throw Rejected.invalid("to", "to は from の0～60か月後の月で指定してください", "to is from 0 to 60 months after from");
    }
    List<String> periods = new ArrayList<>();
    for (var m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      periods.add(m.toString());
    }
    var rows = new java.util.TreeMap<String, java.util.Map<String, String>>();
    directory.hospitals().forEach(h -> {
      var cells = new java.util.LinkedHashMap<String, String>();
      periods.forEach(p -> cells.put(p, "NOT_STARTED"));
      rows.put(h, cells);
    });
    for (String period : periods) {
      statuses.forPeriod(ReportingPeriod.parse(period), directory.hospitals())
          .forEach(s -> rows.get(s.hospitalId()).put(period, s.status().name()));
    }
    return new Matrix(periods, rows.entrySet().stream().map(e -> new MatrixRow(e.getKey(), e.getValue())).toList());
  }

  public record TimelineEntry(Instant at, String source, String what, String who, String detail) {}

  /** One hospital's month: our events merged with the engine's activities, tasks and operation log. */
  @GetMapping("/api/audit/timeline/{hospitalId}/{period}")
  public List<TimelineEntry> timeline(@PathVariable String hospitalId, @PathVariable String period) {
    requireOverseer(actor.require());
    ReportingPeriod.parse(period);
    List<TimelineEntry> entries = new ArrayList<>();
    events.stream(new AuditEvents.Filter(null, hospitalId, period, null, null, null), event -> entries.add(
        new TimelineEntry(event.occurredAt(), "audit", event.eventType(), event.actorUser(), event.payload())));
    String businessKey = hospitalId + ":" + period;
    for (var instance : history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(businessKey).list()) {
      history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).list().stream()
          .filter(a -> a.getActivityName() != null)
          .forEach(a -> entries.add(new TimelineEntry(a.getStartTime().toInstant(), "process", a.getActivityName(),
              a.getAssignee(), a.getActivityType())));
      history.createHistoricTaskInstanceQuery().processInstanceId(instance.getId()).finished().list()
          .forEach(t -> entries.add(new TimelineEntry(t.getEndTime().toInstant(), "task", t.getName(),
              t.getAssignee(), t.getDeleteReason())));
      history.createUserOperationLogQuery().processInstanceId(instance.getId()).list()
          .forEach(o -> entries.add(new TimelineEntry(o.getTimestamp().toInstant(), "operation",
              o.getOperationType(), o.getUserId(), o.getProperty())));
    }
    entries.sort(Comparator.comparing(TimelineEntry::at));
    return entries;
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

  private static String quote(String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
