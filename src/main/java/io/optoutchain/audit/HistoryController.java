package io.optoutchain.audit;

import io.optoutchain.error.Bounded;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.PartySearch;
import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Process history for administrators and regulators (overseers: they see every figure; the chain's
 * parties do not read this): every monthly report, release and recall, running and finished, and
 * one instance's whole story. Cockpit's free edition shows running instances only.
 */
@RestController
public class HistoryController {

  private static final int MAX_SIZE = 200;
  private static final int MAX_IDS = 200;
  private static final int MAX_LIMIT = 50;
  private static final int EXPORT_PAGE = 1_000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private final InstanceHistory instances;
  private final HistoryService history;
  private final CurrentActor actor;
  private final PartyDirectory directory;
  private final Downloads downloads;

  public HistoryController(InstanceHistory instances, HistoryService history, CurrentActor actor,
      PartyDirectory directory, Downloads downloads) {
    this.downloads = downloads;
    this.instances = instances;
    this.history = history;
    this.actor = actor;
    this.directory = directory;
  }

  public record PartyEntry(String id, String name, List<PartyRole> roles) {}

  /**
   * Parties of the directory, for the pages' filters and names; never the whole of it (some 180,000 at
   * national scale). Either the names of the parties a page shows, {@code id} repeated (at most 200;
   * unknown ids are left out), or a search: {@code q} (an id's start or part of a name, any case),
   * {@code role} (e.g. HOSPITAL) and at most {@code limit} (1 to 50, default 20) matches, in id order.
   */
  @GetMapping("/api/history/parties")
  public List<PartyEntry> parties(@RequestParam(required = false) List<String> id,
      @RequestParam(required = false) String q, @RequestParam(required = false) String role,
      @RequestParam(defaultValue = "20") int limit) {
    AuditController.requireOverseer(actor.require());
    List<Party> parties;
    if (id != null && !id.isEmpty()) {
      if (id.size() > MAX_IDS) {
        throw Rejected.invalid("id", "id は200件まで指定できます", "at most 200 ids");
      }
      parties = directory.parties(id);
    } else {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw Rejected.invalid("limit", "limit は1～50で指定してください", "limit from 1 to 50");
      }
      parties = directory.search(PartySearch.of(q, role, null, false), limit);
    }
    return parties.stream().map(p -> new PartyEntry(p.id(), p.name(), p.roles().stream().sorted().toList()))
        .toList();
  }

  @GetMapping("/api/history/instances")
  public InstanceHistory.Page list(@RequestParam(defaultValue = "report") String kind,
      @RequestParam(required = false) String hospital, @RequestParam(required = false) String period,
      @RequestParam(required = false) String status, @RequestParam(required = false) String state,
      @RequestParam(required = false) String party, @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    AuditController.requireOverseer(actor.require());
    InstanceHistory.Filter filter = filter(kind, hospital, period, status, state, party);
    if (page < 0 || page > 100_000 || size < 1 || size > MAX_SIZE) {
      throw Rejected.invalid("size", "page は0以上、size は1～200で指定してください", "page from 0, size 1 to 200");
    }
    var result = instances.list(filter, page, size);
    return new InstanceHistory.Page(result.total(), result.page(), result.size(),
        result.items().stream().map(this::withChainParties).toList());
  }

  /** Every instance the list's filter selects, newest first, unpaged. */
  @GetMapping("/api/history/instances/export")
  public ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
      @RequestParam(defaultValue = "report") String kind, @RequestParam(required = false) String hospital,
      @RequestParam(required = false) String period, @RequestParam(required = false) String status,
      @RequestParam(required = false) String state, @RequestParam(required = false) String party) {
    Downloads.Format chosen = Downloads.format(format);
    AuditController.requireOverseer(actor.require());
    InstanceHistory.Filter filter = filter(kind, hospital, period, status, state, party);
    return downloads.of(chosen, "history-" + kind, InstanceHistory.Row.class, sink -> {
      for (int page = 0; ; page++) {
        var items = instances.list(filter, page, EXPORT_PAGE).items();
        items.stream().map(this::withChainParties).forEach(sink);
        if (items.size() < EXPORT_PAGE) {
          return;
        }
      }
    });
  }

  private InstanceHistory.Filter filter(String kind, String hospital, String period, String status, String state,
      String party) {
    InstanceHistory.Kind which = switch (kind) {
      case "report" -> InstanceHistory.Kind.REPORT;
      case "release" -> InstanceHistory.Kind.RELEASE;
      case "recall" -> InstanceHistory.Kind.RECALL;
      default -> throw Rejected.invalid("kind", "kind は report、release、recall のいずれかです",
          "kind is report, release or recall");
    };
    hospital = partyId("hospital", hospital);
    party = partyId("party", party);
    if (period != null && !period.isEmpty()) {
      period = ReportingPeriod.parse(period).label();
    } else {
      period = null;
    }
    if (status != null && status.isEmpty()) {
      status = null;
    }
    if (status != null && !which.statuses().contains(status)) {
      throw Rejected.invalid("status", "status は " + String.join("、", which.statuses()) + " のいずれかです",
          "status is one of " + String.join(", ", which.statuses()));
    }
    Boolean finished = switch (state == null ? "" : state) {
      case "" -> null;
      case "running" -> false;
      case "finished" -> true;
      default -> throw Rejected.invalid("state", "state は running または finished です", "state is running or finished");
    };
    return new InstanceHistory.Filter(which, hospital, period, status, finished, party);
  }

  /** A month's parties are its hospital's whole chain, as the directory has it now. */
  private InstanceHistory.Row withChainParties(InstanceHistory.Row row) {
    if (!"report".equals(row.kind())) {
      return row;
    }
    return new InstanceHistory.Row(row.kind(), row.processInstanceId(), row.businessKey(), row.hospitalId(),
        row.period(), row.subject(), row.status(), chainParties(row.hospitalId(), row.parties()), row.startTime(),
        row.endTime(), row.state());
  }

  public record Activity(String id, String name, String type, Instant start, Instant end, String assignee,
      boolean canceled) {}

  public record TaskEntry(String id, String key, String name, Instant created, Instant end, String assignee,
      String completedBy, List<String> candidateGroups, String deleteReason) {}

  public record Operation(Instant at, String userId, String operation, String entity, String property,
      String newValue) {}

  public record Sibling(String processInstanceId, Instant startTime, Instant endTime, String state) {}

  public record Instance(String kind, String processInstanceId, String processDefinitionKey, String businessKey,
      String hospitalId, String period, Instant startTime, Instant endTime, String state, List<Activity> activities,
      List<TaskEntry> tasks, List<Operation> operations, Map<String, List<Map<String, Object>>> figures,
      List<Sibling> otherInstancesOfTheSameSubject) {}

  /** One instance's whole history: activities, tasks and who completed them, operations, and our figures. */
  @GetMapping("/api/history/instances/{processInstanceId}")
  public Instance instance(@PathVariable String processInstanceId) {
    AuditController.requireOverseer(actor.require());
    if (!ID.matcher(processInstanceId).matches()) {
      throw Rejected.invalid("processInstanceId", "プロセスインスタンスIDが不正です（64文字以内の英数字）",
          "a process instance id is at most 64 letters, digits, '.', ':', '_' or '-'");
    }
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    InstanceHistory.Kind kind = instance == null ? null : InstanceHistory.Kind.ofProcess(
        instance.getProcessDefinitionKey());
    if (kind == null) {
      throw Rejected.notFound("そのプロセスインスタンスはありません: " + Rejected.shown(processInstanceId),
          "no such process instance: " + Rejected.shown(processInstanceId));
    }

    List<Activity> activities = history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
        .map(a -> new Activity(a.getActivityId(), a.getActivityName(), a.getActivityType(), instant(a.getStartTime()),
            instant(a.getEndTime()), a.getAssignee(), a.isCanceled()))
        .toList();

    // Who completed a task is in the operation log (our operators complete without claiming).
    Map<String, String> completedBy = new HashMap<>();
    List<Operation> operations = new ArrayList<>();
    history.createUserOperationLogQuery().processInstanceId(processInstanceId).orderByTimestamp().asc().list()
        .forEach(o -> {
          if (UserOperationLogEntry.OPERATION_TYPE_COMPLETE.equals(o.getOperationType()) && o.getTaskId() != null) {
            completedBy.putIfAbsent(o.getTaskId(), o.getUserId());
          }
          operations.add(new Operation(instant(o.getTimestamp()), o.getUserId(), o.getOperationType(),
              o.getEntityType(), o.getProperty(), Bounded.text(o.getNewValue(), Bounded.MESSAGE)));
        });
    List<TaskEntry> tasks = history.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId)
        .orderByHistoricActivityInstanceStartTime().asc().list().stream()
        .map(t -> new TaskEntry(t.getId(), t.getTaskDefinitionKey(), t.getName(), instant(t.getStartTime()),
            instant(t.getEndTime()), t.getAssignee(),
            completedBy.getOrDefault(t.getId(), "completed".equals(t.getDeleteReason()) ? t.getAssignee() : null),
            candidateGroups(t.getId()), t.getDeleteReason()))
        .toList();

    String hospitalId = null;
    String period = null;
    Map<String, List<Map<String, Object>>> figures;
    List<Sibling> siblings = List.of();
    switch (kind) {
      case REPORT -> {
        PeriodRef report = PeriodRef.ofBusinessKey(instance.getBusinessKey());
        hospitalId = report.hospitalId();
        period = report.period().label();
        figures = instances.monthFigures(hospitalId, period, report.finalRecipient());
        siblings = history.createHistoricProcessInstanceQuery().processDefinitionKey(instance.getProcessDefinitionKey())
            .processInstanceBusinessKey(instance.getBusinessKey()).list().stream()
            .filter(other -> !other.getId().equals(processInstanceId))
            .sorted(Comparator.comparing(HistoricProcessInstance::getStartTime))
            .map(other -> new Sibling(other.getId(), instant(other.getStartTime()), instant(other.getEndTime()),
                other.getState()))
            .toList();
      }
      case RELEASE -> figures = instances.releaseFigures(processInstanceId);
      case RECALL -> figures = instances.recallFigures(processInstanceId);
      default -> throw new IllegalStateException(kind.name());
    }
    return new Instance(kind.name().toLowerCase(java.util.Locale.ROOT), processInstanceId,
        instance.getProcessDefinitionKey(), instance.getBusinessKey(), hospitalId, period,
        instant(instance.getStartTime()), instant(instance.getEndTime()), instance.getState(), activities, tasks,
        operations, figures, siblings);
  }

  private List<String> candidateGroups(String taskId) {
    return history.createHistoricIdentityLinkLogQuery().taskId(taskId).type(IdentityLinkType.CANDIDATE).list()
        .stream().filter(link -> link.getGroupId() != null && "add".equals(link.getOperationType()))
        .map(link -> link.getGroupId()).distinct().toList();
  }

  private String partyId(String field, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > Bounded.NAME || !ID.matcher(value).matches()) {
      throw Rejected.invalid(field, field + " は64文字以内の組織IDです", field + " is a party id of at most 64 characters");
    }
    return value;
  }

  private List<String> chainParties(String hospitalId, List<String> fallback) {
    List<ReportChain> chains = directory.chainsOf(hospitalId);
    if (chains.isEmpty()) {
      return fallback;
    }
    var parties = new LinkedHashSet<String>();
    parties.add(hospitalId);
    chains.forEach(chain -> {
      parties.addAll(chain.intake());
      parties.addAll(chain.report());
    });
    return List.copyOf(parties);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
