package io.optoutchain.reporting;

import java.util.Map;
import java.util.HashMap;
import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.LedgerRepository;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.Actor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.ReportChain;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monthly report's business steps: declare, compile, send, acknowledge, compare, resolve.
 * Called by the process's delegates and listeners, which the API and Tasklist both drive, so each
 * rule is enforced in one place whatever the channel.
 */
@Service
@Transactional
public class MonthlyReportService {

  static final String SYSTEM = "system";

  private final PartyDirectory directory;
  private final LedgerRepository ledger;
  private final MonthlyReportRepository reports;
  private final DeclarationRepository declarations;
  private final DiscrepancyRepository discrepancies;
  private final PeriodStatusRepository statuses;
  private final AppliedConfirmationRepository appliedConfirmations;
  private final DiscrepancyPolicy policy = new DiscrepancyPolicy();
  private final AuditTrail audit;
  private final Clock clock;

  public MonthlyReportService(PartyDirectory directory, LedgerRepository ledger, MonthlyReportRepository reports,
      DeclarationRepository declarations, DiscrepancyRepository discrepancies, PeriodStatusRepository statuses,
      AppliedConfirmationRepository appliedConfirmations, AuditTrail audit, Clock clock) {
    this.appliedConfirmations = appliedConfirmations;
    this.audit = audit;
    this.directory = directory;
    this.ledger = ledger;
    this.reports = reports;
    this.declarations = declarations;
    this.discrepancies = discrepancies;
    this.statuses = statuses;
    this.clock = clock;
  }

  /**
   * The chain the report travels, as recorded when its month started: a running month keeps its
   * route when an administrator changes the hospital's chains.
   */
  @Transactional(readOnly = true)
  public ReportChain chainOf(PeriodRef ref) {
    List<String> route = statuses.route(ref);
    if (!route.isEmpty()) {
      return new ReportChain(ref.hospitalId(), List.of(), route);
    }
    return directory.chainOf(ref.hospitalId(), ref.finalRecipient())
        .orElseThrow(() -> Rejected.notFound(ref.hospitalId() + " から " + ref.finalRecipient() + " への報告経路は設定されていません",
            "no report chain from " + ref.hospitalId() + " to " + ref.finalRecipient() + " is configured"));
  }

  /**
   * The hospital's report of the period towards this final recipient. Without a recipient: the
   * hospital's only report, or a refusal naming the recipients to choose from.
   */
  @Transactional(readOnly = true)
  public PeriodRef refOf(String hospitalId, ReportingPeriod period, String finalRecipient) {
    List<String> recipients = statuses.reportsOf(hospitalId, period).stream().map(PeriodRef::finalRecipient).toList();
    if (recipients.isEmpty()) {
      recipients = directory.chainsOf(hospitalId).stream().map(ReportChain::finalRecipient).toList();
    }
    if (recipients.isEmpty()) {
      throw Rejected.notFound("病院 '" + hospitalId + "' は設定されていません", "no hospital '" + hospitalId + "' is configured");
    }
    if (finalRecipient == null || finalRecipient.isBlank()) {
      if (recipients.size() > 1) {
        throw Rejected.invalid("recipient", hospitalId + " には認定作成事業者ごとの報告が " + recipients.size()
            + " 件あります。recipient に " + recipients + " のいずれかを指定してください",
            hospitalId + " has one report per certified producer; name the recipient, one of " + recipients);
      }
      return new PeriodRef(hospitalId, period, recipients.get(0));
    }
    if (!recipients.contains(finalRecipient)) {
      throw Rejected.notFound(hospitalId + " から '" + Rejected.shown(finalRecipient) + "' への報告はありません（報告先: "
          + recipients + "）", "no report of " + hospitalId + " goes to '" + Rejected.shown(finalRecipient)
          + "'; its recipients are " + recipients);
    }
    return new PeriodRef(hospitalId, period, finalRecipient);
  }

  /** The hospital's reports of the period that have started, one per final recipient. */
  @Transactional(readOnly = true)
  public List<PeriodRef> reportsOf(String hospitalId, ReportingPeriod period) {
    return statuses.reportsOf(hospitalId, period);
  }

  /** The month's report that carries the hospital's declaration, which every report of the month compares. */
  @Transactional(readOnly = true)
  public PeriodRef declaringRefOf(String hospitalId, ReportingPeriod period) {
    return statuses.reportsOf(hospitalId, period).stream().findFirst()
        .orElseThrow(() -> Rejected.notFound(hospitalId + " の " + period + " の報告はまだ開始されていません",
            "the " + period + " report of " + hospitalId + " has not been started"));
  }

  public void declare(PeriodRef ref, Declaration declaration, Actor actor) {
    requireParty(actor, ref.hospitalId(), "declares the hospital's count of distinct patients");
    declarations.insert(ref.hospitalId(), ref.period(), declaration, actor.userId(), clock.instant());
    record(ref, "DECLARATION", Map.of("count", declaration.count(), "nilAttested", declaration.nilAttested(),
        "digestPrefix", declaration.digestPrefix()));
  }

  /**
   * Compiles a draft from the ledger: the period's keys; as supplement, earlier keys the final
   * recipient does not hold; as withdrawn, keys it holds that the ledger has corrected away.
   */
  public SentReport compileFromLedger(PeriodRef ref) {
    List<PatientKey> periodKeys =
        ledger.keysReceivedBetween(ref.hospitalId(), ref.period().firstDay(), ref.period().lastDay());
    Set<PatientKey> held = reports.recipientKeysThrough(ref, ref.period());
    reports.insertDraft(ref, new ReportManifest(ref.period(), periodKeys, lateKeys(ref), withdrawnKeys(ref, held)),
        "LEDGER", SYSTEM, clock.instant());
    return reports.latestDraft(ref).orElseThrow();
  }

  /** Keys received before the period that the final recipient does not hold. */
  private List<PatientKey> lateKeys(PeriodRef ref) {
    Set<PatientKey> late = ledger.keysReceivedThrough(ref.hospitalId(), ref.period().firstDay().minusDays(1));
    late.removeAll(reports.recipientKeysThrough(ref, ref.period().previous()));
    return List.copyOf(late);
  }

  /**
   * Of the keys the final recipient holds, those the ledger no longer holds up to the period's end.
   */
  private List<PatientKey> withdrawnKeys(PeriodRef ref, Set<PatientKey> held) {
    held = new java.util.TreeSet<>(held);
    held.removeAll(ledger.keysReceivedThrough(ref.hospitalId(), ref.period().lastDay()));
    return List.copyOf(held);
  }

  /** A manifest from the ledger keeper's own system replaces the draft. */
  public SentReport submitManifest(PeriodRef ref, ReportManifest manifest, Actor actor) {
    requireParty(actor, chainOf(ref).ledgerKeeper(), "submits the report");
    if (!manifest.period().equals(ref.period())) {
      throw Rejected.invalid("period", manifest.period() + " のマニフェストを " + ref.period() + " の報告として提出することはできません",
          "a manifest for " + manifest.period() + " cannot be filed as " + ref.period());
    }
    reports.insertDraft(ref, manifest, "SUBMITTED", actor.userId(), clock.instant());
    return reports.latestDraft(ref).orElseThrow();
  }

  public void send(PeriodRef ref, Actor actor) {
    requireParty(actor, chainOf(ref).ledgerKeeper(), "sends the report");
    SentReport draft = reports.latestDraft(ref)
        .orElseThrow(() -> Rejected.conflict(ref.period() + " に送る報告がありません", "there is no report for " + ref.period() + " to send"));
    reports.markSent(ref, draft.id(), actor.userId(), clock.instant());
    moveTo(ref, PeriodStatus.REPORTED);
    record(ref, "REPORT_SENT", Map.of("version", draft.version(), "periodCount", draft.periodCount(),
        "supplementCount", draft.supplementCount(), "digest", draft.digest()));
  }

  /** Compares the report of record with the ledger and the declaration; opens a discrepancy if they differ. */
  public Check checkReport(PeriodRef ref) {
    int divergentHop = statuses.divergentHop(ref);
    ReportChain chain = chainOf(ref);
    SentReport sent = currentReport(ref);
    ReportManifest manifest = reports.manifest(sent.id(), ref.period());
    Declaration declared = declarations.latest(ref.hospitalId(), ref.period())
        .orElseThrow(() -> new IllegalStateException("no declaration for " + ref));
    List<PatientKey> ledgerKeys =
        ledger.keysReceivedBetween(ref.hospitalId(), ref.period().firstDay(), ref.period().lastDay());
    var receivedDates = ledger.receivedDates(ref.hospitalId(),
        Stream.concat(manifest.periodKeys().stream(), manifest.supplementKeys().stream()).toList());
    Optional<Finding> finding =
        policy.checkReport(chain, declared, ledgerKeys,
            withdrawnKeys(ref, reports.recipientKeysBefore(ref, ref.period(), sent.version())), manifest, receivedDates);
    if (finding.isPresent()) {
      return open(ref, finding.get());
    }
    moveTo(ref, PeriodStatus.REPORTED);
    List<String> agreedDigests = new ArrayList<>();
    for (int hop = 1; hop < divergentHop; hop++) {
      agreedDigests.add(reports.latestAcknowledgement(ref, hop)
          .map(MonthlyReportRepository.Acknowledgement::agreedDigest).orElse(null));
    }
    int resumeHop = policy.resumeHop(divergentHop, agreedDigests, sent.digest());
    statuses.moveToHop(ref, statuses.currentHop(ref), resumeHop);
    return Check.AGREED;
  }

  /** The receiver of a hop states, blind, the count and the first 8 hex digits of the digest it received. */
  public void acknowledge(PeriodRef ref, Integer count, String digestPrefix, Actor actor) {
    ReportChain chain = chainOf(ref);
    int hop = statuses.currentHop(ref);
    requireParty(actor, chain.receiver(hop), "acknowledges hop " + hop);
    if (count == null || count < 0) {
      throw Rejected.invalid("count", "受け取った報告の患者数（重複を除く、0以上）を入力してください",
          "enter the number of distinct patients in the report you received (0 or more)");
    }
    String prefix = DigestPrefix.normalise("digestPrefix", digestPrefix,
        "受け取った報告ファイルのダイジェスト。受領画面でファイルを選ぶと計算されます",
        "the digest of the report file you received; choosing the file in the acknowledgement form computes it");
    reports.insertAcknowledgement(currentReport(ref).id(), hop, chain.sender(hop), chain.receiver(hop), count, prefix,
        actor.userId(), clock.instant());
    record(ref, "ACKNOWLEDGEMENT", Map.of("hop", hop, "sender", chain.sender(hop), "receiver", chain.receiver(hop),
        "count", count, "digestPrefix", prefix));
  }

  public Check checkAcknowledgement(PeriodRef ref) {
    ReportChain chain = chainOf(ref);
    int hop = statuses.currentHop(ref);
    SentReport sent = currentReport(ref);
    var ack = reports.latestAcknowledgement(ref, hop)
        .filter(a -> a.reportId() == sent.id())
        .orElseThrow(() -> new IllegalStateException("hop " + hop + " of " + ref + " has no acknowledgement"));
    Optional<Finding> finding = policy.checkAcknowledgement(chain, ref.period(), hop, sent.totalCount(),
        sent.digest(), ack.count(), ack.digestPrefix());
    if (finding.isPresent() && reports.acknowledgementCount(sent.id(), hop) == 1) {
      // The receiver may simply have mistyped: it re-checks its own count first, told only that it
      // disagrees. A second disagreement is confirmed, and goes to the sender.
      recordAsSystem(ref, "ACKNOWLEDGEMENT_RECHECK_REQUESTED", Map.of("hop", hop, "receiver", chain.receiver(hop)));
      return Check.RECHECK;
    }
    if (finding.isPresent()) {
      return open(ref, finding.get());
    }
    if (hop == chain.hopCount()) {
      reports.markDelivered(sent.id(), clock.instant());
    }
    return Check.AGREED;
  }

  /** Hands the report on once the current hop has agreed: its receiver becomes the next hop's sender. */
  public void passToNextHop(PeriodRef ref) {
    int hop = statuses.currentHop(ref);
    SentReport sent = currentReport(ref);
    boolean agreed = reports.latestAcknowledgement(ref, hop)
        .filter(ack -> ack.reportId() == sent.id() && ack.agreedDigest() != null).isPresent();
    if (!agreed) {
      throw new IllegalStateException("hop " + hop + " of " + ref + " has not agreed; the report stays there");
    }
    statuses.moveToHop(ref, hop, hop + 1);
  }

  /** Whether the receiver of the chain's last hop has acknowledged the report of record. */
  @Transactional(readOnly = true)
  public boolean everyHopAcknowledged(PeriodRef ref) {
    return statuses.currentHop(ref) > chainOf(ref).hopCount();
  }

  /** Whether the party received and acknowledged a hop the report has already passed. */
  @Transactional(readOnly = true)
  public boolean hasAcknowledged(PeriodRef ref, String party) {
    ReportChain chain = chainOf(ref);
    int current = statuses.currentHop(ref);
    for (int hop = 1; hop < current && hop <= chain.hopCount(); hop++) {
      if (chain.receiver(hop).equals(party)) {
        return true;
      }
    }
    return false;
  }

  /** The hop whose receiver must acknowledge next. */
  @Transactional(readOnly = true)
  public int currentHop(PeriodRef ref) {
    return statuses.currentHop(ref);
  }

  /** The final recipient's set of patients against the ledger's effective set, up to the end of the period. */
  public Check checkCumulative(PeriodRef ref) {
    ReportChain chain = chainOf(ref);
    Set<PatientKey> recipientKeys = reports.recipientKeysThrough(ref, ref.period());
    Set<PatientKey> ledgerKeys = ledger.keysReceivedThrough(ref.hospitalId(), ref.period().lastDay());
    return policy.checkCumulative(chain, ref.period(), recipientKeys, ledgerKeys)
        .map(finding -> open(ref, finding))
        .orElse(Check.AGREED);
  }

  /**
   * The final recipient states, blind, how many of the hospital's patients its own exclusion list
   * holds up to the end of the period, and the first 8 hex digits of that list's digest
   * ({@link AppliedConfirmation#digestPrefixOf}). Figures only go to the audit trail.
   */
  public void confirmApplied(PeriodRef ref, Integer count, String digestPrefix, Actor actor) {
    requireParty(actor, ref.finalRecipient(), "confirms that it applies the hospital's opt-outs");
    recordAppliedConfirmation(ref, AppliedConfirmation.of(count, digestPrefix), actor);
  }

  private void recordAppliedConfirmation(PeriodRef ref, AppliedConfirmation confirmation, Actor actor) {
    appliedConfirmations.insert(ref, confirmation, actor.userId(), clock.instant());
    record(ref, "APPLIED_CONFIRMATION", Map.of("count", confirmation.count(),
        "digestPrefix", confirmation.digestPrefix()));
  }

  /**
   * The final recipient's latest confirmation against the ledger's effective set of the hospital's
   * patients up to the end of the period. Agreeing, the period stands at REPORTED again (it may have
   * been in DISCREPANCY over this very confirmation), ready to be marked reconciled.
   */
  public Check checkAppliedConfirmation(PeriodRef ref) {
    AppliedConfirmation stated = appliedConfirmations.latest(ref)
        .orElseThrow(() -> new IllegalStateException(ref + " has no applied confirmation"));
    Set<PatientKey> ledgerKeys = ledger.keysReceivedThrough(ref.hospitalId(), ref.period().lastDay());
    Optional<Finding> finding = policy.checkAppliedSet(chainOf(ref), ref.period(), ledgerKeys, stated);
    if (finding.isPresent()) {
      return open(ref, finding.get());
    }
    moveTo(ref, PeriodStatus.REPORTED);
    return Check.AGREED;
  }

  /** Whether the last discrepancy resolved was over the applied list, so the re-statement is compared next. */
  @Transactional(readOnly = true)
  public boolean appliedSetRestated(PeriodRef ref) {
    var all = discrepancies.forPeriod(ref);
    return discrepancies.findOpen(ref).isEmpty() && !all.isEmpty()
        && DiscrepancyKind.APPLIED_SET_DIFFERS.name().equals(all.get(all.size() - 1).kind());
  }

  /** The responsible party resolves the open discrepancy, always with a reason. */
  public void resolve(PeriodRef ref, Resolution resolution, String reason, Declaration correctedDeclaration,
      Actor actor) {
    resolve(ref, resolution, reason, correctedDeclaration, null, null, actor);
  }

  /**
   * @param restatedCount, restatedDigestPrefix the final recipient's re-statement of its exclusion list
   *     (RESTATED_APPLIED_SET only)
   */
  public void resolve(PeriodRef ref, Resolution resolution, String reason, Declaration correctedDeclaration,
      Integer restatedCount, String restatedDigestPrefix, Actor actor) {
    var open = discrepancies.findOpen(ref)
        .orElseThrow(() -> Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告に未解決の不一致はありません",
            "the " + ref.period() + " report of " + ref.hospitalId() + " has no open discrepancy"));
    requireParty(actor, open.responsibleParty(), "resolves this discrepancy");
    if (resolution == null) {
      throw Rejected.invalid("resolution", "解決方法として「報告の訂正」(CORRECTED_REPORT)、「申告の訂正」(CORRECTED_DECLARATION) または「適用済みリストの再申告」(RESTATED_APPLIED_SET) を選んでください",
          "resolution is CORRECTED_REPORT, CORRECTED_DECLARATION or RESTATED_APPLIED_SET");
    }
    if (!resolution.resolves(open.kind())) {
      throw open.kind() == DiscrepancyKind.APPLIED_SET_DIFFERS
          ? Rejected.invalid("resolution", "適用済みの除外リストの不一致は、自社の除外リストを直して再申告する (RESTATED_APPLIED_SET) ことでのみ解消できます",
              "a disagreement about the applied exclusion list is resolved only by fixing the list and re-stating it"
              + " (RESTATED_APPLIED_SET)")
          : Rejected.invalid("resolution", "この不一致は除外リストの再申告 (RESTATED_APPLIED_SET) では解消できません",
              "this discrepancy is not resolved by re-stating the applied exclusion list (RESTATED_APPLIED_SET)");
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw Rejected.invalid("reason", "理由を1～500文字で入力してください", "say why, in 1 to 500 characters");
    }
    ReportChain chain = chainOf(ref);
    switch (resolution) {
      case CORRECTED_DECLARATION -> {
        if (!resolution.usableBy(chain, actor.partyId())) {
          throw Rejected.invalid("resolution", "申告を訂正できるのは病院だけです", "only the hospital corrects its declaration");
        }
        if (correctedDeclaration == null) {
          throw Rejected.invalid("count", "訂正した申告には患者数（重複を除く）が必要です", "a corrected declaration needs the number of distinct patients");
        }
        declarations.insert(ref.hospitalId(), ref.period(), correctedDeclaration, actor.userId(), clock.instant());
      }
      case CORRECTED_REPORT -> {
        if (!resolution.usableBy(chain, actor.partyId())) {
          throw Rejected.invalid("resolution", "訂正した報告を送れるのは報告経路上の組織だけです",
              "only a party on the report chain sends a corrected report");
        }
        if (actor.actsFor(chain.ledgerKeeper())) {
          sendCorrection(ref, actor);
        }
        // A party further down the chain re-sends the report of record: no new version.
      }
      case RESTATED_APPLIED_SET -> {
        if (!resolution.usableBy(chain, actor.partyId())) {
          throw Rejected.invalid("resolution", "除外リストを再申告できるのは最終受領者だけです",
              "only the final recipient re-states its exclusion list");
        }
        recordAppliedConfirmation(ref, AppliedConfirmation.of(restatedCount, restatedDigestPrefix), actor);
      }
    }
    String kept = reason.trim();
    discrepancies.resolve(open.id(), resolution, kept, actor.userId(), clock.instant());
    record(ref, "RESOLUTION", Map.of("discrepancyId", open.id(), "resolution", resolution.name(),
        AuditTrail.REASON_SHA256, AuditTrail.freeTextDigest(kept)));
  }

  private void sendCorrection(PeriodRef ref, Actor actor) {
    SentReport current = currentReport(ref);
    boolean submitted = reports.latestDraft(ref).filter(d -> d.version() > current.version()).isPresent();
    if (!submitted) {
      compileFromLedger(ref);
    }
    send(ref, actor);
  }

  public void markReconciled(PeriodRef ref) {
    if (!statuses.markReconciled(ref, clock.instant())) {
      throw new IllegalStateException(ref + " cannot be marked reconciled: its report is not delivered through"
          + " every hop, a discrepancy is open, or it does not stand at REPORTED or ESCALATED");
    }
    recordAsSystem(ref, "PERIOD_RECONCILED", Map.of());
  }

  /**
   * A ledger change touched a month already reconciled: it leaves RECONCILED at once (so the gate
   * closes) with a discrepancy for the ledger keeper, who must send the month's report again.
   * Returns false if the month was not reconciled; a month still in its report meets the change
   * in its own comparisons.
   */
  public boolean reopenAfterLedgerChange(PeriodRef ref, long entryId) {
    if (!statuses.reopen(ref, clock.instant())) {
      return false;
    }
    String keeper = chainOf(ref).ledgerKeeper();
    long id = discrepancies.open(ref, new Finding(DiscrepancyKind.LEDGER_CHANGED_AFTER_RECONCILIATION, 1, keeper,
        null, null, "ledger entry " + entryId + " for " + ref.period() + " was recorded after the month was"
            + " reconciled; " + keeper + " sends the month's report again"), clock.instant());
    recordAsSystem(ref, "PERIOD_REOPENED", Map.of("discrepancyId", id, "entryId", entryId,
        "responsibleParty", keeper));
    return true;
  }

  public long recordEscalation(PeriodRef ref, EscalationLevel level, String escalatedTo, String cause,
      String processInstanceId) {
    long id = discrepancies.recordEscalation(ref, level, escalatedTo, cause, processInstanceId, clock.instant());
    record(ref, "ESCALATION", Map.of("escalationId", id, "level", level.name(), "escalatedTo", escalatedTo,
        "cause", cause));
    if (level == EscalationLevel.COMPLIANCE) {
      moveTo(ref, PeriodStatus.ESCALATED);
    }
    return id;
  }

  /** The group an escalation reached has handled it (see EscalationService): filed under the report. */
  public void recordEscalationHandled(PeriodRef ref, Map<String, Object> payload) {
    record(ref, "ESCALATION_HANDLED", payload);
  }

  private Check open(PeriodRef ref, Finding finding) {
    long id = discrepancies.open(ref, finding, clock.instant());
    moveTo(ref, PeriodStatus.DISCREPANCY);
    statuses.markDivergentHop(ref, finding.hop());
    Map<String, Object> payload = new HashMap<>();
    payload.put("discrepancyId", id);
    payload.put("kind", finding.kind().name());
    payload.put("hop", finding.hop());
    payload.put("responsibleParty", finding.responsibleParty());
    payload.put("expected", finding.expected());
    payload.put("actual", finding.actual());
    // The comparison is the system's, not the user's whose entry triggered it: a party reads only its
    // own users' events, so a receiver never learns the figure it was meant to find by itself.
    recordAsSystem(ref, "DISCREPANCY", payload);
    return Check.disagreed(id, finding);
  }

  /** The draft the ledger keeper is about to send, if one was compiled or submitted. */
  @Transactional(readOnly = true)
  public Optional<SentReport> draftToSend(PeriodRef ref) {
    return reports.latestDraft(ref);
  }

  @Transactional(readOnly = true)
  public ReportManifest manifestOf(PeriodRef ref, SentReport report) {
    return reports.manifest(report.id(), ref.period());
  }

  private void record(PeriodRef ref, String eventType, Map<String, ?> payload) {
    audit.record(eventType, ref.hospitalId(), ref.period().label(), withRecipient(ref, payload));
  }

  private void recordAsSystem(PeriodRef ref, String eventType, Map<String, ?> payload) {
    audit.append(eventType, SYSTEM, null, ref.hospitalId(), ref.period().label(), withRecipient(ref, payload));
  }

  /** A hospital's month has one report per certified producer: each event names the one it is about. */
  private static Map<String, Object> withRecipient(PeriodRef ref, Map<String, ?> payload) {
    Map<String, Object> named = new HashMap<>(payload);
    named.put(FINAL_RECIPIENT, ref.finalRecipient());
    return named;
  }

  /** The payload field naming the final recipient of the report an event is about. */
  public static final String FINAL_RECIPIENT = "finalRecipient";

  private void moveTo(PeriodRef ref, PeriodStatus status) {
    if (!statuses.transition(ref, status, clock.instant())) {
      throw Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告は、現在の状態から " + status + " にはできません",
          "the " + ref.period() + " report of " + ref.hospitalId() + " cannot become " + status
          + " from where it stands");
    }
  }

  /**
   * The report the ledger keeper hands on: the report of record; before the first sending, the
   * draft it is reviewing, which is what sending makes the report of record (the file can then be
   * downloaded from the task that sends it).
   */
  @Transactional(readOnly = true)
  public SentReport reportToHandOn(PeriodRef ref) {
    return reports.currentSent(ref).or(() -> reports.latestDraft(ref))
        .orElseThrow(() -> Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告はまだ作成されていません",
            "the " + ref.period() + " report of " + ref.hospitalId() + " has not been compiled yet"));
  }

  @Transactional(readOnly = true)
  public SentReport currentReport(PeriodRef ref) {
    return reports.currentSent(ref)
        .orElseThrow(() -> Rejected.conflict(ref.hospitalId() + " の " + ref.period() + " の報告はまだ送られていません",
            "the " + ref.period() + " report of " + ref.hospitalId() + " has not been sent"));
  }

  private static void requireParty(Actor actor, String partyId, String what) {
    if (!actor.actsFor(partyId)) {
      throw Rejected.forbidden("この操作ができるのは " + partyId + " だけです。" + actor.userId() + " の所属は "
          + actor.partyId() + " です", "only " + partyId + " " + what + "; " + actor.userId() + " works for "
          + actor.partyId());
    }
  }

  /**
   * The outcome of a comparison: agreed, or a discrepancy for a party.
   */
  public record Check(Outcome outcome, Long discrepancyId, Finding finding) {

    /** AGREES, or DISAGREES with a discrepancy opened, or (an acknowledgement only) RECHECK by its receiver. */
    public enum Outcome { AGREES, RECHECK, DISAGREES }

    static final Check AGREED = new Check(Outcome.AGREES, null, null);
    static final Check RECHECK = new Check(Outcome.RECHECK, null, null);

    static Check disagreed(long discrepancyId, Finding finding) {
      return new Check(Outcome.DISAGREES, discrepancyId, finding);
    }

    public boolean agrees() {
      return outcome == Outcome.AGREES;
    }
  }
}
