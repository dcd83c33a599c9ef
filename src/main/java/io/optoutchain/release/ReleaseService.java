package io.optoutchain.release;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.ReportChain;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers a release with its keys and carries out the release process's checks and decision. */
@Service
@Transactional
public class ReleaseService {

  /** The one cause a release escalates for: its approval waited past its due date. */
  public static final String APPROVAL_OVERDUE = "APPROVAL_OVERDUE";

  private final ReleaseRepository releases;
  private final ProvisionGate gate;
  private final PartyDirectory directory;
  private final AuditTrail audit;
  private final ReleaseProperties properties;
  private final Clock clock;

  public ReleaseService(ReleaseRepository releases, ProvisionGate gate, PartyDirectory directory, AuditTrail audit,
      ReleaseProperties properties, Clock clock) {
    this.releases = releases;
    this.properties = properties;
    this.audit = audit;
    this.gate = gate;
    this.directory = directory;
    this.clock = clock;
  }

  /** Stores the release and streams its keys in; any refusal leaves nothing behind. Returns its id. */
  public long register(NewRelease release, InputStream keys, Actor actor) {
    if (!actor.actsFor(release.producer())
        || directory.party(release.producer()).filter(p -> p.holds(PartyRole.CERTIFIED_PRODUCER)).isEmpty()) {
      throw Rejected.forbidden("リリースを登録できるのは、その認定作成事業者自身だけです",
          "only a certified producer registers its own releases");
    }
    if (directory.party(release.dataUser()).filter(p -> p.holds(PartyRole.DATA_USER)).isEmpty()) {
      throw Rejected.invalid("dataUser", "'" + Rejected.shown(release.dataUser()) + "' は設定された利用者ではありません",
          "'" + Rejected.shown(release.dataUser()) + "' is not a configured data user");
    }
    if (release.cutoff() == null || release.cutoff().isAfter(LocalDate.now(clock))) {
      throw Rejected.invalid("cutoff", "基準日は今日以前の日付です", "the cut-off is a date no later than today");
    }
    if (release.hospitals() == null || release.hospitals().isEmpty()) {
      throw Rejected.invalid("hospitals", "リリースに含まれるデータの病院を指定してください", "name the hospitals whose data the release contains");
    }
    for (String hospital : release.hospitals()) {
      var chains = directory.chainsOf(hospital);
      if (chains.isEmpty()) {
        throw Rejected.invalid("hospitals", "病院 '" + Rejected.shown(hospital) + "' は設定されていません",
            "no hospital '" + Rejected.shown(hospital) + "' is configured");
      }
      if (directory.chainOf(hospital, release.producer()).isEmpty()) {
        var recipients = chains.stream().map(ReportChain::finalRecipient).toList();
        throw Rejected.invalid("hospitals", hospital + " のオプトアウトの報告先は " + recipients + " で、"
            + release.producer() + " ではありません", hospital + " reports its opt-outs to " + recipients
            + ", not to " + release.producer());
      }
    }
    long id = releases.insert(release, actor.userId(), clock.instant());
    long count = releases.copyKeys(id, new LinkedHashSet<>(release.hospitals()), keys, maxUploadBytes(),
        properties.maxKeys());
    if (count == 0) {
      throw Rejected.invalid("keys", "アップロードにキーがありません", "the upload holds no keys");
    }
    releases.setKeyCount(id, count);
    audit.record("RELEASE_REGISTERED", null, null, Map.of("releaseId", id, "producer", release.producer(),
        "dataUser", release.dataUser(), "cutoff", release.cutoff().toString(), "keyCount", count));
    return id;
  }

  /** The largest upload taken, in bytes; a request announcing more is refused before it is read. */
  public long maxUploadBytes() {
    return properties.maxUploadSize().toBytes();
  }

  /** Binds a just-registered release to the process instance that carries it (once). */
  public void bindProcessInstance(long releaseId, String processInstanceId) {
    releases.bindProcessInstance(releaseId, processInstanceId);
  }

  /** The release a process instance carries: from our table, never from a process variable. */
  @Transactional(readOnly = true)
  public long releaseOf(String processInstanceId) {
    return releases.releaseOf(processInstanceId)
        .orElseThrow(() -> new IllegalStateException("process instance " + processInstanceId + " carries no release"));
  }

  @Transactional(readOnly = true)
  public java.util.Optional<String> processInstanceOf(long releaseId) {
    return releases.processInstanceOf(releaseId);
  }

  /** Gate check: every month of every hospital up to the cut-off reconciled towards the producer. */
  public boolean passesGate(long releaseId) {
    var release = find(releaseId);
    GateDecision decision = gate.decide(release.producer(), release.cutoff(), release.hospitals());
    if (decision.decision() == GateDecision.Decision.CLOSED) {
      releases.transition(releaseId, "CHECKING", "BLOCKED_BY_GATE", decision.blockingCount() + " month(s) not reconciled, e.g. "
          + decision.blocking().stream().limit(5).map(b -> b.hospitalId() + " " + b.period() + " " + b.status())
              .collect(Collectors.joining(", ")));
      audit.record("RELEASE_BLOCKED", null, null, Map.of("releaseId", releaseId, "by", "GATE",
          "blockingCount", decision.blockingCount()));
      return false;
    }
    return true;
  }

  /**
   * Exclusion check: no key of a patient whose opt-out the hospital received on or before today,
   * which covers the cut-off and every request that came in between it and the release.
   */
  public boolean excludesEveryOptOut(long releaseId) {
    Map<String, Long> optedOut = releases.optedOutKeysPerHospital(releaseId, LocalDate.now(clock));
    if (!optedOut.isEmpty()) {
      long total = optedOut.values().stream().mapToLong(Long::longValue).sum();
      releases.transition(releaseId, "CHECKING", "BLOCKED_BY_OPT_OUTS", total + " key(s) of patients who opted out: "
          + optedOut.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
      audit.record("RELEASE_BLOCKED", null, null, Map.of("releaseId", releaseId, "by", "OPT_OUTS",
          "optedOutKeys", total, "perHospital", optedOut));
      return false;
    }
    releases.transition(releaseId, "CHECKING", "AWAITING_APPROVAL", null);
    return true;
  }

  public void decide(long releaseId, Boolean approved, String reason, Actor actor) {
    String status = releases.lock(releaseId);
    var release = find(releaseId);
    if (!actor.actsFor(release.producer())) {
      throw Rejected.forbidden(release.producer() + " のリリースを承認できるのは同社のコンプライアンス担当者だけです",
          "only " + release.producer() + "'s compliance officer approves its releases");
    }
    if (approved == null) {
      throw Rejected.invalid("approved", "リリースを承認 (true) または却下 (false) してください", "approve (true) or reject (false) the release");
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw Rejected.invalid("reason", "理由を1～500文字で入力してください", "say why, in 1 to 500 characters");
    }
    if (!"AWAITING_APPROVAL".equals(status) || release.decidedBy() != null) {
      throw Rejected.conflict("リリース " + releaseId + " は承認待ちではありません（現在: " + status + "）",
          "release " + releaseId + " is not awaiting approval (it is " + status + ")");
    }
    releases.recordDecision(releaseId, approved, actor.userId(), reason.trim(), clock.instant());
    audit.record("RELEASE_DECIDED", null, null, Map.of("releaseId", releaseId, "approved", approved));
  }

  /**
   * Records an approved release as provided, with the digest of its keys; but first, with its row
   * locked, checks the ledger again as of now: an opt-out recorded while it waited for approval
   * blocks it instead. Returns whether it was released.
   */
  public boolean recordReleased(long releaseId) {
    String status = releases.lock(releaseId);
    var release = find(releaseId);
    if (!"AWAITING_APPROVAL".equals(status) || release.decidedBy() == null) {
      throw Rejected.conflict("リリース " + releaseId + " は " + status + " です。承認済みで提供を待つリリースではありません",
          "release " + releaseId + " is " + status + ", not approved and awaiting release");
    }
    Map<String, Long> optedOut = releases.optedOutKeysPerHospital(releaseId, LocalDate.now(clock));
    if (!optedOut.isEmpty()) {
      long total = optedOut.values().stream().mapToLong(Long::longValue).sum();
      releases.transition(releaseId, "AWAITING_APPROVAL", "BLOCKED_BY_OPT_OUTS", total
          + " key(s) of patients who opted out while the release awaited approval: "
          + optedOut.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
      audit.record("RELEASE_BLOCKED", null, null, Map.of("releaseId", releaseId, "by", "OPT_OUTS_AT_RELEASE",
          "optedOutKeys", total, "perHospital", optedOut));
      return false;
    }
    String digest = releases.digest(releaseId);
    releases.markReleased(releaseId, digest);
    audit.record("RELEASED", null, null, Map.of("releaseId", releaseId, "dataUser", release.dataUser(),
        "keyCount", release.keyCount(), "digest", digest));
    return true;
  }

  /**
   * A patient's opt-out has just been recorded: every release still awaiting approval that holds
   * the patient is blocked now, not at approval. Returns the blocked releases.
   */
  public List<ReleaseRepository.Blocked> blockAwaitingApprovalContaining(String hospitalId, String patientKey,
      long ledgerEntryId) {
    var blocked = releases.blockAwaitingApprovalContaining(hospitalId, patientKey,
        "a patient in it opted out while it awaited approval (ledger entry " + ledgerEntryId + ")");
    for (var release : blocked) {
      audit.record("RELEASE_BLOCKED", hospitalId, null, Map.of("releaseId", release.releaseId(),
          "by", "OPT_OUT_WHILE_AWAITING_APPROVAL", "ledgerEntryId", ledgerEntryId));
    }
    return blocked;
  }

  /** The approval is overdue: the escalated group is recorded, with the release and why. Returns its id. */
  public long recordApprovalEscalation(long releaseId, String group, String processInstanceId) {
    long id = releases.recordEscalation(releaseId, group, APPROVAL_OVERDUE, processInstanceId, clock.instant());
    audit.record("RELEASE_ESCALATION", null, null, Map.of("escalationId", id, "releaseId", releaseId,
        "cause", APPROVAL_OVERDUE, "escalatedTo", group));
    return id;
  }

  /** The group an escalation of this release reached has handled it (see EscalationService). */
  public void recordEscalationHandled(long releaseId, Map<String, Object> payload) {
    Map<String, Object> withRelease = new HashMap<>(payload);
    withRelease.put("releaseId", releaseId);
    audit.record("RELEASE_ESCALATION_HANDLED", null, null, withRelease);
  }

  @Transactional(readOnly = true)
  public ReleaseRepository.ReleaseView find(long releaseId) {
    return releases.find(releaseId).orElseThrow(() -> Rejected.notFound("リリース " + releaseId + " はありません", "no release " + releaseId));
  }
}
