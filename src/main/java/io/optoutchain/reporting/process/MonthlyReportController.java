package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.ACKNOWLEDGED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION_REASON;

import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.Actor;
import io.optoutchain.reporting.SentReport;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.ReportChain;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.DiscrepancyRepository;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStartRepository;
import io.optoutchain.reporting.PeriodStartRepository.PeriodStartRun;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.reporting.PeriodStatusRepository.PeriodStatusView;
import io.optoutchain.reporting.ReportManifest;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.web.ClientRequests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monthly report over HTTP: everything an operator does in Tasklist, for each party's own
 * systems. Commands carry a {@code clientRequestId}; a retry with the same id does nothing twice.
 */
@RestController
public class MonthlyReportController {

  private final MonthlyReportStarter starter;
  private final MonthlyReportTasks tasks;
  private final MonthlyReportService reports;
  private final PeriodStatusRepository statuses;
  private final DiscrepancyRepository discrepancies;
  private final PartyDirectory directory;
  private final CurrentActor actor;
  private final ClientRequests clientRequests;
  private final PeriodStart periodStart;
  private final PeriodStartRepository startRuns;

  public MonthlyReportController(MonthlyReportStarter starter, MonthlyReportTasks tasks, MonthlyReportService reports,
      PeriodStatusRepository statuses, DiscrepancyRepository discrepancies, PartyDirectory directory,
      CurrentActor actor, ClientRequests clientRequests, PeriodStart periodStart, PeriodStartRepository startRuns) {
    this.starter = starter;
    this.tasks = tasks;
    this.reports = reports;
    this.statuses = statuses;
    this.discrepancies = discrepancies;
    this.directory = directory;
    this.actor = actor;
    this.clientRequests = clientRequests;
    this.periodStart = periodStart;
    this.startRuns = startRuns;
  }

  public record StartRequest(String clientRequestId, List<String> hospitalIds) {}

  /** One report started: one per hospital and certified producer receiving its records. */
  public record Started(String hospitalId, String period, String finalRecipient, String processInstanceId) {}

  /**
   * Starts the period's reports for the given hospitals, all or none (201 with the reports started); with
   * no hospitals named, for every hospital: 202 at once with the handle of the run that starts them in
   * chunks in the background ({@link PeriodStart}), to follow at {@code follow} (the Location).
   */
  @PostMapping("/api/periods/{period}/reports")
  public ResponseEntity<Object> start(@PathVariable String period, @RequestBody StartRequest request) {
    Actor caller = actor.require();
    ReportingPeriod reportingPeriod = ReportingPeriod.parse(period);
    if (request.hospitalIds() == null || request.hospitalIds().isEmpty()) {
      return startForEveryHospital(caller, reportingPeriod, request);
    }
    return clientRequests.once(request.clientRequestId(), caller.userId(), "period.start:" + period, request, () -> {
      List<Started> started = new ArrayList<>();
      for (String hospital : request.hospitalIds()) {
        String keeper = directory.chainsOf(hospital).stream().findFirst().map(ReportChain::ledgerKeeper)
            .orElseThrow(() -> Rejected.notFound("病院 '" + Rejected.shown(hospital) + "' は設定されていません",
                "no hospital '" + Rejected.shown(hospital) + "' is configured"));
        if (!caller.isAdministrator() && !caller.actsFor(keeper)) {
          throw Rejected.forbidden(hospital + " の報告を開始できるのは管理者または台帳管理者 " + keeper + " だけです",
              "only an administrator or the ledger keeper " + keeper + " starts the reports of " + hospital);
        }
        starter.start(hospital, reportingPeriod).forEach(report -> started.add(
            new Started(hospital, period, report.finalRecipient(), report.processInstanceId())));
      }
      periodStart.namedHospitalsStarted(started.size());
      return ResponseEntity.status(HttpStatus.CREATED).body(started);
    });
  }

  /** Where a month's start for every hospital stands; {@code cursor} is the last hospital id done. */
  public record PeriodStartState(String period, PeriodStartRepository.State state, String cursor, int hospitalsTotal,
      int hospitalsDone, int reportsStarted, int hospitalsAlreadyStarted, String requestedBy, Instant startedAt,
      Instant updatedAt, Instant finishedAt, String lastError, String follow) {

    static PeriodStartState of(PeriodStartRun run) {
      return new PeriodStartState(run.period(), run.state(), run.cursor(), run.hospitalsTotal(), run.hospitalsDone(),
          run.reportsStarted(), run.hospitalsAlreadyStarted(), run.requestedBy(), run.startedAt(), run.updatedAt(),
          run.finishedAt(), run.lastError(), "/api/periods/" + run.period() + "/start");
    }
  }

  /**
   * Claims the month's run for every hospital (a FAILED one resumes from its cursor, a RUNNING one is
   * answered as it stands) and hands it to a background thread once the claim has committed.
   */
  private ResponseEntity<Object> startForEveryHospital(Actor caller, ReportingPeriod period, StartRequest request) {
    requireStartsEveryHospital(caller);
    ResponseEntity<Object> answer = clientRequests.once(request.clientRequestId(), caller.userId(),
        "period.start:" + period, request, () -> {
          PeriodStartRun run = periodStart.request(period, caller.userId());
          if (run.state() == PeriodStartRepository.State.DONE) {
            throw Rejected.conflict(period + " の報告はすでに全病院について開始されています。その後に加わった病院は"
                + " hospitalIds で指定してください", "the " + period + " reports have already been started for every"
                + " hospital; name a hospital added since in hospitalIds");
          }
          PeriodStartState state = PeriodStartState.of(run);
          return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(state.follow())).body(state);
        });
    if (answer.getStatusCode() == HttpStatus.ACCEPTED) {
      periodStart.driveInBackground(period);
    }
    return answer;
  }

  /** Where the month's start for every hospital stands: state, counts, cursor and the last error. */
  @GetMapping("/api/periods/{period}/start")
  public PeriodStartState startState(@PathVariable String period) {
    Actor caller = actor.require();
    ReportingPeriod reportingPeriod = ReportingPeriod.parse(period);
    if (!caller.isRegulator()) {
      requireStartsEveryHospital(caller);
    }
    return startRuns.find(reportingPeriod).map(PeriodStartState::of).orElseThrow(() -> Rejected.notFound(
        period + " の全病院についての開始はありません", "the " + period + " reports have not been started for every hospital"));
  }

  /** Today's rule for a start of every hospital: an administrator, or the ledger keeper of every one. */
  private void requireStartsEveryHospital(Actor caller) {
    if (!caller.isAdministrator() && !directory.keepsEveryLedger(caller.partyId())) {
      throw Rejected.forbidden("全病院の報告を開始できるのは管理者、またはすべての病院の台帳管理者だけです",
          "only an administrator, or the ledger keeper of every hospital, starts the reports of every hospital");
    }
  }

  /** Rows of the period's statuses a page holds when the caller names no size, and at most. */
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  /**
   * The status of every report of the period that the caller's party takes part in (every report for
   * administrators and regulators), a page at a time in hospital and recipient order.
   */
  @GetMapping("/api/periods/{period}/reports")
  public PeriodStatusRepository.StatusPage statuses(@PathVariable String period,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
    Actor caller = actor.require();
    ReportingPeriod reportingPeriod = ReportingPeriod.parse(period);
    if (page < 0 || page > 1_000_000 || size < 1 || size > MAX_PAGE_SIZE) {
      throw Rejected.invalid("size", "page は0以上、size は1～" + MAX_PAGE_SIZE + "で指定してください",
          "page from 0, size 1 to " + MAX_PAGE_SIZE);
    }
    if (caller.isAdministrator() || caller.isRegulator()) {
      return statuses.forPeriod(reportingPeriod, null, page, size);
    }
    if (caller.partyId() == null) {
      return new PeriodStatusRepository.StatusPage(0, page, size, List.of());
    }
    return statuses.forPeriod(reportingPeriod, caller.partyId(), page, size);
  }

  public record ReportOverview(PeriodStatusView status, List<String> waitingFor,
      List<DiscrepancyRepository.DiscrepancyView> discrepancies, List<DiscrepancyRepository.EscalationView> escalations) {}

  @GetMapping("/api/reports/{hospitalId}/{period}")
  public ReportOverview overview(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient) {
    Actor caller = actor.require();
    PeriodRef ref = visibleRef(caller, hospitalId, period, recipient);
    var status = statuses.find(ref).orElseThrow(() -> Rejected.notFound(
        hospitalId + " の " + period + " の報告はまだ開始されていません", "the " + period + " report of " + hospitalId + " has not been started"));
    // Figures are shown to the party that must fix them; others see only that something disagrees,
    // so no receiver learns what it is expected to acknowledge.
    var found = discrepancies.forPeriod(ref).stream()
        .map(d -> caller.isAdministrator() || caller.actsFor(d.responsibleParty()) ? d
            : new DiscrepancyRepository.DiscrepancyView(d.id(), d.kind(), d.hop(), d.responsibleParty(), null, null,
                null, d.openedAt(), d.resolution(), d.resolutionReason(), d.resolvedBy(), d.resolvedAt()))
        .toList();
    return new ReportOverview(status, tasks.waitingFor(ref), found, discrepancies.escalations(ref));
  }

  /** A request that changes something, and so carries the id that makes its retry safe. */
  public interface Command {
    String clientRequestId();
  }

  /**
   * The hospital's own count of distinct patients for the period and the first 8 hex digits of the
   * digest of their keys ({@code POST /api/manifests/digest} with its keys and no supplement).
   */
  public record DeclarationRequest(String clientRequestId, Integer count, Boolean nilAttested, String digestPrefix)
      implements Command {}

  @PostMapping("/api/reports/{hospitalId}/{period}/declaration")
  public ResponseEntity<Object> declare(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient, @RequestBody DeclarationRequest request) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(DECLARED_COUNT, request.count());
    fields.put(NIL_ATTESTED, request.nilAttested());
    fields.put(DECLARED_DIGEST_PREFIX, request.digestPrefix());
    // The hospital declares once a month, in the month's first report; every report compares it.
    return command(hospitalId, period, null, "declaration", request, ProcessKeys.TASK_DECLARE_COUNT, fields, null);
  }

  public record SendRequest(String clientRequestId, List<String> keys, List<String> supplementKeys,
      List<String> withdrawnKeys) implements Command {}

  /** Sends the report compiled from the ledger, or, with {@code keys}, the manifest of the keeper's own system. */
  @PostMapping("/api/reports/{hospitalId}/{period}/send")
  public ResponseEntity<Object> send(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient, @RequestBody SendRequest request) {
    return command(hospitalId, period, recipient, "send", request, ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of(),
        manifest(period, request.keys(), request.supplementKeys(), request.withdrawnKeys()));
  }

  public record DraftRequest(String clientRequestId, List<String> keys, List<String> supplementKeys,
      List<String> withdrawnKeys) implements Command {}

  public record Draft(String hospitalId, String period, int version, int totalCount, int periodCount,
      int supplementCount, String digest) {}

  /**
   * The ledger keeper replaces the draft awaiting review with its own system's manifest (the report
   * file's keys); the review form shows it, and sending stays a step of the task. Tasklist's review
   * form calls this with the keeper's session when the keeper chooses its own file.
   */
  @PostMapping("/api/reports/{hospitalId}/{period}/draft")
  public ResponseEntity<Object> replaceDraft(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient, @RequestBody DraftRequest request) {
    Actor caller = actor.requireParty();
    PeriodRef ref = visibleRef(caller, hospitalId, period, recipient);
    return clientRequests.once(request.clientRequestId(), caller.userId(), "report.draft:" + ref.businessKey(),
        request, () -> {
          SentReport draft = tasks.replaceDraft(ref, manifest(period, request.keys() == null ? List.of()
              : request.keys(), request.supplementKeys(), request.withdrawnKeys()), caller);
          return ResponseEntity.ok(new Draft(hospitalId, ref.period().label(), draft.version(), draft.totalCount(),
              draft.periodCount(), draft.supplementCount(), draft.digest()));
        });
  }

  public record AcknowledgementRequest(String clientRequestId, Integer count, String digestPrefix)
      implements Command {}

  @PostMapping("/api/reports/{hospitalId}/{period}/acknowledgement")
  public ResponseEntity<Object> acknowledge(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient, @RequestBody AcknowledgementRequest request) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(ACKNOWLEDGED_COUNT, request.count());
    fields.put(DIGEST_PREFIX, request.digestPrefix());
    return command(hospitalId, period, recipient, "acknowledgement", request, ProcessKeys.TASK_ACKNOWLEDGE_HOP, fields, null);
  }

  /**
   * The final recipient states, blind, the number of the hospital's patients in its own exclusion list
   * up to the end of the period and the first 8 hex digits of that list's digest
   * ({@code POST /api/manifests/digest} with the period and the list's keys).
   */
  public record AppliedConfirmationRequest(String clientRequestId, Integer count, String digestPrefix)
      implements Command {}

  @PostMapping("/api/reports/{hospitalId}/{period}/applied-confirmation")
  public ResponseEntity<Object> confirmApplied(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient, @RequestBody AppliedConfirmationRequest request) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(APPLIED_COUNT, request.count());
    fields.put(APPLIED_DIGEST_PREFIX, request.digestPrefix());
    return command(hospitalId, period, recipient, "applied-confirmation", request, ProcessKeys.TASK_CONFIRM_APPLIED, fields,
        null);
  }

  /**
   * {@code count}, {@code nilAttested} and {@code digestPrefix}: the hospital's corrected declaration;
   * with RESTATED_APPLIED_SET, {@code count} and {@code digestPrefix} are the final recipient's
   * re-stated exclusion list.
   */
  public record ResolutionRequest(String clientRequestId, String resolution, String reason, Integer count,
      Boolean nilAttested, String digestPrefix, List<String> keys, List<String> supplementKeys,
      List<String> withdrawnKeys) implements Command {}

  @PostMapping("/api/reports/{hospitalId}/{period}/resolution")
  public ResponseEntity<Object> resolve(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient, @RequestBody ResolutionRequest request) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(RESOLUTION, request.resolution());
    fields.put(RESOLUTION_REASON, request.reason());
    if ("RESTATED_APPLIED_SET".equals(request.resolution())) {
      fields.put(APPLIED_COUNT, request.count());
      fields.put(APPLIED_DIGEST_PREFIX, request.digestPrefix());
    } else {
      fields.put(DECLARED_COUNT, request.count());
      fields.put(NIL_ATTESTED, request.nilAttested());
      fields.put(DECLARED_DIGEST_PREFIX, request.digestPrefix());
    }
    return command(hospitalId, period, recipient, "resolution", request, ProcessKeys.TASK_RECONCILE_DISCREPANCY, fields,
        manifest(period, request.keys(), request.supplementKeys(), request.withdrawnKeys()));
  }

  public record OpenTasks(String partyId, List<MonthlyReportTasks.OpenTask> tasks) {}

  @GetMapping("/api/tasks")
  public OpenTasks openTasks(@RequestParam(defaultValue = "0") int first, @RequestParam(defaultValue = "100") int max) {
    if (first < 0 || max < 1 || max > 1000) {
      throw Rejected.invalid("max", "first は0以上、max は1以上1000以下で指定してください", "page with first >= 0 and 1 <= max <= 1000");
    }
    Actor caller = actor.require();
    return new OpenTasks(caller.partyId(), tasks.openTasks(caller, first, max));
  }

  /** What is handed on: keys only. No count and no digest, which the receiver must find by itself. */
  public record Manifest(String period, int version, List<String> keys, List<String> supplementKeys,
      List<String> withdrawnKeys) {}

  /**
   * The report of record as the ledger keeper sent it: what it hands to the next party. Only the
   * ledger keeper (and administrators) read it; the receivers must count what they were handed.
   */
  @GetMapping("/api/reports/{hospitalId}/{period}/manifest")
  public Manifest manifest(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient) {
    PeriodRef ref = keepersRef(hospitalId, period, recipient);
    var sent = reports.currentReport(ref);
    ReportManifest manifest = reports.manifestOf(ref, sent);
    return new Manifest(period, sent.version(), manifest.periodKeys().stream().map(PatientKey::value).toList(),
        manifest.supplementKeys().stream().map(PatientKey::value).toList(),
        manifest.withdrawnKeys().stream().map(PatientKey::value).toList());
  }

  /**
   * The report of record as a file to hand on: exactly the text its digest is taken over (see
   * {@link ReportManifest#canonicalText()}), keys and period label only, no count and no digest. The
   * receiver chooses this file in its acknowledgement form, which counts and digests it in the
   * browser. Same rule as {@link #manifest}: the ledger keeper and administrators only. Before the
   * first sending it is the draft under review, so that the keeper downloads it from the task that
   * sends it (Tasklist shows no task once it is sent).
   */
  @GetMapping("/api/reports/{hospitalId}/{period}/manifest.txt")
  public ResponseEntity<byte[]> manifestFile(@PathVariable String hospitalId, @PathVariable String period,
      @RequestParam(required = false) String recipient) {
    PeriodRef ref = keepersRef(hospitalId, period, recipient);
    var report = reports.reportToHandOn(ref);
    ReportManifest manifest = reports.manifestOf(ref, report);
    String fileName = "optout-report-" + hospitalId + "-" + manifest.period().label() + "-" + ref.finalRecipient()
        + "-v" + report.version() + ".txt";
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
        .body(manifest.canonicalText().getBytes(StandardCharsets.UTF_8));
  }

  /** The report the ledger keeper sent, for the keeper (or an administrator) only: receivers acknowledge blind. */
  private PeriodRef keepersRef(String hospitalId, String period, String recipient) {
    Actor caller = actor.require();
    PeriodRef ref = visibleRef(caller, hospitalId, period, recipient);
    if (!caller.isAdministrator() && !caller.actsFor(reports.chainOf(ref).ledgerKeeper())) {
      throw Rejected.forbidden("送った報告を読めるのは台帳管理者だけです。受け手は内容を見ずに受領を確認します",
          "only the ledger keeper reads the report it sent; receivers acknowledge blind");
    }
    return ref;
  }

  public record DigestRequest(String period, List<String> keys, List<String> supplementKeys,
      List<String> withdrawnKeys) {}

  public record Digest(String period, int count, String digest, String digestPrefix) {}

  /**
   * Computes the digest of a manifest a party holds: what a receiver acknowledges, and, over a
   * hospital's own keys for the period with no supplement, the prefix it declares. It reads
   * nothing stored, so it tells no one anything they did not send.
   */
  @PostMapping("/api/manifests/digest")
  public Digest digest(@RequestBody DigestRequest request) {
    actor.require();
    ReportManifest manifest = manifest(request.period(), request.keys() == null ? List.of() : request.keys(),
        request.supplementKeys(), request.withdrawnKeys());
    return new Digest(manifest.period().label(), manifest.totalCount(), manifest.digest(),
        manifest.digest().substring(0, 8));
  }

  public record Accepted(String hospitalId, String period, String step, List<String> nowWaitingFor) {}

  private ResponseEntity<Object> command(String hospitalId, String period, String recipient, String step,
      Command request, String taskKey, Map<String, Object> fields, ReportManifest manifest) {
    Actor caller = actor.requireParty();
    PeriodRef ref = taskKey.equals(ProcessKeys.TASK_DECLARE_COUNT)
        ? declaringRef(caller, hospitalId, period) : visibleRef(caller, hospitalId, period, recipient);
    ResponseEntity<Object> answer = clientRequests.once(request.clientRequestId(), caller.userId(),
        "report." + step + ":" + ref.businessKey(), request, () -> {
          if (manifest != null) {
            reports.submitManifest(ref, manifest, caller);
          }
          tasks.complete(ref, taskKey, fields);
          return ResponseEntity.ok(new Accepted(hospitalId, period, step, tasks.waitingFor(ref)));
        });
    // Committed, and the check that followed has run: the caller learns where the report waits now.
    return ClientRequests.isReplay(answer) ? answer
        : ResponseEntity.ok(new Accepted(hospitalId, period, step, tasks.waitingFor(ref)));
  }

  private PeriodRef visibleRef(Actor caller, String hospitalId, String period, String recipient) {
    ReportingPeriod reportingPeriod = ReportingPeriod.parse(period);
    requireVisible(caller, hospitalId);
    return reports.refOf(hospitalId, reportingPeriod, recipient);
  }

  private PeriodRef declaringRef(Actor caller, String hospitalId, String period) {
    ReportingPeriod reportingPeriod = ReportingPeriod.parse(period);
    requireVisible(caller, hospitalId);
    return reports.declaringRefOf(hospitalId, reportingPeriod);
  }

  private void requireVisible(Actor caller, String hospitalId) {
    if (!canSee(caller, hospitalId)) {
      throw Rejected.notFound(caller.userId() + " から見える病院 '" + hospitalId + "' の報告はありません", "no report of hospital '" + hospitalId + "' is visible to " + caller.userId());
    }
  }

  private boolean canSee(Actor caller, String hospitalId) {
    return caller.isAdministrator() || caller.isRegulator()
        || caller.partyId() != null && directory.involves(hospitalId, caller.partyId());
  }

  private static ReportManifest manifest(String period, List<String> keys, List<String> supplementKeys,
      List<String> withdrawnKeys) {
    if (keys == null) {
      if (supplementKeys != null || withdrawnKeys != null) {
        throw Rejected.invalid("keys", "追加キーと取り下げキーは、その期間のキー (keys) と一緒に送ってください（なければ空のリスト）",
            "supplement and withdrawn keys go with the period's keys; send keys too"
            + " (an empty list for none)");
      }
      return null;
    }
    return new ReportManifest(ReportingPeriod.parse(period), toKeys(keys), toKeys(supplementKeys),
        toKeys(withdrawnKeys));
  }

  private static List<PatientKey> toKeys(List<String> keys) {
    return keys == null ? List.of() : keys.stream().map(PatientKey::new).toList();
  }
}
