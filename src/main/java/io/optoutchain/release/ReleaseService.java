package io.optoutchain.release;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyRole;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers a release with its keys and carries out the release process's checks and decision. */
@Service
@Transactional
public class ReleaseService {

  private final ReleaseRepository releases;
  private final ProvisionGate gate;
  private final PartyDirectory directory;
  private final AuditTrail audit;
  private final Clock clock;

  public ReleaseService(ReleaseRepository releases, ProvisionGate gate, PartyDirectory directory, AuditTrail audit,
      Clock clock) {
    this.releases = releases;
    this.audit = audit;
    this.gate = gate;
    this.directory = directory;
    this.clock = clock;
  }

  /** Stores the release and streams its keys in; any refusal leaves nothing behind. Returns its id. */
  public long register(NewRelease release, InputStream keys, Actor actor) {
    if (!actor.actsFor(release.producer())
        || directory.party(release.producer()).filter(p -> p.holds(PartyRole.CERTIFIED_PRODUCER)).isEmpty()) {
      throw Rejected.forbidden("only a certified producer registers its own releases");
    }
    if (directory.party(release.dataUser()).filter(p -> p.holds(PartyRole.DATA_USER)).isEmpty()) {
      throw Rejected.invalid("dataUser", "'" + release.dataUser() + "' is not a configured data user");
    }
    if (release.cutoff() == null || release.cutoff().isAfter(LocalDate.now(clock))) {
      throw Rejected.invalid("cutoff", "the cut-off is a date no later than today");
    }
    if (release.hospitals() == null || release.hospitals().isEmpty()) {
      throw Rejected.invalid("hospitals", "name the hospitals whose data the release contains");
    }
    for (String hospital : release.hospitals()) {
      var chain = directory.chainOf(hospital)
          .orElseThrow(() -> Rejected.invalid("hospitals", "no hospital '" + hospital + "' is configured"));
      if (!chain.finalRecipient().equals(release.producer())) {
        throw Rejected.invalid("hospitals", hospital + " reports its opt-outs to " + chain.finalRecipient()
            + ", not to " + release.producer());
      }
    }
    long id = releases.insert(release, actor.userId(), clock.instant());
    long count = releases.copyKeys(id, new LinkedHashSet<>(release.hospitals()), keys);
    if (count == 0) {
      throw Rejected.invalid("keys", "the upload holds no keys");
    }
    releases.setKeyCount(id, count);
    audit.record("RELEASE_REGISTERED", null, null, Map.of("releaseId", id, "producer", release.producer(),
        "dataUser", release.dataUser(), "cutoff", release.cutoff().toString(), "keyCount", count));
    return id;
  }

  /** Gate check: every month of every hospital up to the cut-off reconciled towards the producer. */
  public boolean passesGate(long releaseId) {
    var release = find(releaseId);
    GateDecision decision = gate.decide(release.producer(), release.cutoff(), release.hospitals());
    if (decision.decision() == GateDecision.Decision.CLOSED) {
      releases.setStatus(releaseId, "BLOCKED_BY_GATE", decision.blockingCount() + " month(s) not reconciled, e.g. "
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
      releases.setStatus(releaseId, "BLOCKED_BY_OPT_OUTS", total + " key(s) of patients who opted out: "
          + optedOut.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
      audit.record("RELEASE_BLOCKED", null, null, Map.of("releaseId", releaseId, "by", "OPT_OUTS",
          "optedOutKeys", total, "perHospital", optedOut));
      return false;
    }
    releases.setStatus(releaseId, "AWAITING_APPROVAL", null);
    return true;
  }

  public void decide(long releaseId, Boolean approved, String reason, Actor actor) {
    var release = find(releaseId);
    if (!actor.actsFor(release.producer())) {
      throw Rejected.forbidden("only " + release.producer() + "'s compliance officer approves its releases");
    }
    if (approved == null) {
      throw Rejected.invalid("approved", "approve (true) or reject (false) the release");
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw Rejected.invalid("reason", "say why, in 1 to 500 characters");
    }
    releases.recordDecision(releaseId, approved, actor.userId(), reason.trim(), clock.instant());
    audit.record("RELEASE_DECIDED", null, null, Map.of("releaseId", releaseId, "approved", approved));
  }

  public void recordReleased(long releaseId) {
    String digest = releases.digest(releaseId);
    releases.markReleased(releaseId, digest);
    var release = find(releaseId);
    audit.record("RELEASED", null, null, Map.of("releaseId", releaseId, "dataUser", release.dataUser(),
        "keyCount", release.keyCount(), "digest", digest));
  }

  @Transactional(readOnly = true)
  public ReleaseRepository.ReleaseView find(long releaseId) {
    return releases.find(releaseId).orElseThrow(() -> Rejected.notFound("no release " + releaseId));
  }
}
