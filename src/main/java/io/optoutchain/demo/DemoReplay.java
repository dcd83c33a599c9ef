package io.optoutchain.demo;

import static io.optoutchain.reporting.process.ReportVariables.ACKNOWLEDGED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;

import io.optoutchain.digest.Sha256;
import io.optoutchain.ledger.OptOutIntake;
import java.util.stream.Collectors;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayInputStream;
import io.optoutchain.release.process.ReleaseStarter;
import io.optoutchain.release.NewRelease;
import io.optoutchain.calendar.BusinessCalendar;
import io.optoutchain.intake.process.IntakeTasks;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.intake.HopStatement;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.ReportChain;
import io.optoutchain.process.EngineAsUser;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.AppliedConfirmation;
import io.optoutchain.reporting.Declaration;
import io.optoutchain.reporting.MonthlyReportRepository;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.reporting.ReportManifest;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.SentReport;
import io.optoutchain.reporting.process.MonthlyReportTasks;
import io.optoutchain.reporting.process.PeriodCloser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo: replays December 2024 to June 2025 for the three demo hospitals, on the engine clock,
 * before the job executor starts. Every month reconciles except hospital-a's December, the
 * seed's incident: the ledger keeper sends January's figures (0 persons), the discrepancy is
 * caught at once and, unresolved, escalates to NTT Data's supervisors and then to J-MIMO's
 * compliance officer. July 2025 is then opened, not replayed: a person walks it in Tasklist (the
 * README's walkthrough, with hospital-a's key file {@value #WALK_KEY_FILE}). Runs once, on an empty
 * database, with {@code optout.demo.replay=true}.
 */
@Component
@Order(3)
@ConditionalOnProperty(name = "optout.demo.replay", havingValue = "true")
public class DemoReplay implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoReplay.class);
  private static final String INCIDENT_HOSPITAL = "hospital-a";
  private static final ReportingPeriod INCIDENT_PERIOD = ReportingPeriod.parse("2024-12");
  /** The seed's wrong report went to J-MIMO; LDI's own chain received the right one. */
  private static final PeriodRef INCIDENT_REPORT = new PeriodRef(INCIDENT_HOSPITAL, INCIDENT_PERIOD, "jmimo");
  /** The month left open for a person to walk in Tasklist. */
  private static final ReportingPeriod WALK_PERIOD = ReportingPeriod.parse("2025-07");
  /** Hospital-a's own list of its July keys, in the repository for the walkthrough's declaration. */
  static final String WALK_KEY_FILE = "docs/demo/hospital-a-keys-2025-07.txt";
  /** J-MIMO's own exclusion list of hospital-a through July, for the walkthrough's applied confirmation. */
  static final String WALK_EXCLUSION_FILE = "docs/demo/jmimo-exclusions-hospital-a-2025-07.txt";

  /** Pseudonymous opt-outs: hospital, seed of the key, date the hospital received the request. */
  private static final List<Object[]> OPT_OUTS = List.of(
      new Object[] {"hospital-a", "a-1", "2024-12-09"},
      new Object[] {"hospital-b", "b-1", "2024-12-16"},
      new Object[] {"hospital-a", "a-2", "2025-02-04"},
      new Object[] {"hospital-c", "c-1", "2025-03-11"},
      new Object[] {"hospital-b", "b-2", "2025-04-22"},
      new Object[] {"hospital-a", "a-3", "2025-05-19"},
      new Object[] {"hospital-c", "c-2", "2025-06-02"},
      new Object[] {"hospital-a", "a-4", "2025-07-14"});

  private final PeriodStatusRepository statuses;
  private final PeriodCloser closer;
  private final OptOutIntake intakeDoor;
  private final IntakeService intakes;
  private final IntakeTasks intakeTasks;
  private final BusinessCalendar calendar;
  private final ReleaseStarter releaseStarter;
  private final MonthlyReportService reports;
  private final MonthlyReportRepository reportRepository;
  private final MonthlyReportTasks tasks;
  private final PartyDirectory directory;
  private final CurrentActor actor;
  private final IdentityService identityService;
  private final EngineAsUser asUser;
  private final ManagementService managementService;

  public DemoReplay(PeriodStatusRepository statuses, PeriodCloser closer, OptOutIntake intakeDoor,
      IntakeService intakes, IntakeTasks intakeTasks, BusinessCalendar calendar, ReleaseStarter releaseStarter,
      MonthlyReportService reports, MonthlyReportRepository reportRepository, MonthlyReportTasks tasks,
      PartyDirectory directory, CurrentActor actor, IdentityService identityService, EngineAsUser asUser,
      ManagementService managementService) {
    this.asUser = asUser;
    this.statuses = statuses;
    this.closer = closer;
    this.intakeDoor = intakeDoor;
    this.intakes = intakes;
    this.intakeTasks = intakeTasks;
    this.calendar = calendar;
    this.releaseStarter = releaseStarter;
    this.reports = reports;
    this.reportRepository = reportRepository;
    this.tasks = tasks;
    this.directory = directory;
    this.actor = actor;
    this.identityService = identityService;
    this.managementService = managementService;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (statuses.find(INCIDENT_REPORT).isPresent()) {
      return;
    }
    try {
      for (YearMonth month = YearMonth.of(2024, 12); !month.isAfter(YearMonth.of(2025, 6)); month = month.plusMonths(1)) {
        replay(new ReportingPeriod(month));
      }
      log.info("Demo: replayed December 2024 - June 2025; hospital-a's December is the incident, escalated");
      releaseHeldAtTheGate();
      openTheMonthToWalk();
    } finally {
      ClockUtil.reset();
      identityService.clearAuthentication();
    }
  }

  /**
   * J-MIMO prepares a dataset for a data user with June's cut-off, hospital A's data in it: its gate
   * holds the release, as hospital A's December report to J-MIMO never reconciled. (LDI's own chain
   * reconciled December: LDI's gate is open.)
   */
  private void releaseHeldAtTheGate() {
    at(LocalDate.of(2025, 7, 10));
    String keys = OPT_OUTS.stream().map(o -> (String) o[0]).distinct().sorted()
        .map(hospital -> hospital + "," + key("released " + hospital).value()).collect(Collectors.joining("\n", "", "\n"));
    long release = asUser.run("jmimo-operator", () -> releaseStarter.start(new NewRelease("jmimo", "datauser-1",
        LocalDate.of(2025, 6, 30), directory.hospitals()), new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
        actor.requireParty()));
    log.info("Demo: J-MIMO's release {} with June's cut-off is held at the gate by hospital-a's December", release);
  }

  /**
   * July's opt-outs are in the ledger; the month opens at start-up, as the closer opens one on its
   * closing day, so its due dates run from now and every hospital's declaration waits for a person.
   */
  private void openTheMonthToWalk() {
    recordOptOuts(WALK_PERIOD);
    ClockUtil.reset();
    closer.startAll(WALK_PERIOD);
    log.info("Demo: {} is open for every hospital, waiting for its declaration in Tasklist", WALK_PERIOD);
  }

  /** Each of the month's opt-outs travels its intake route, as the seed's did (④⑤). */
  private void recordOptOuts(ReportingPeriod period) {
    OPT_OUTS.stream().filter(o -> period.contains(LocalDate.parse((String) o[2])))
        .forEach(o -> handIn((String) o[0], (String) o[1], LocalDate.parse((String) o[2])));
  }

  /**
   * The hospital hands the request in on the day the patient made it; each hop of the intake route
   * confirms, blind, the key's first 8 hex digits and that day, one business day after the other; the
   * ledger keeper's confirmation writes the ledger entry, dated the day the hospital received it.
   */
  private void handIn(String hospital, String seed, LocalDate receivedOn) {
    at(receivedOn);
    var entry = new NewLedgerEntry(hospital, key(seed), OptOutKind.STOP_PROVISION, receivedOn, null, null);
    long intakeId = asUser.run(hospital + "-operator", () -> intakeDoor.receive(entry, actor.requireParty()))
        .accepted().intakeId();
    LocalDate day = receivedOn;
    for (String hop : directory.intakeOf(hospital)) {
      day = nextBusinessDay(day);
      at(day);
      asUser(hop + "-operator", () -> intakeTasks.complete(intakes.find(intakeId).orElseThrow(),
          "受付経路の確認 / a hop's confirmation", Map.of(HopStatement.KEY_PREFIX, entry.patientKey().value().substring(0, 8),
              HopStatement.RECEIVED_ON, receivedOn.toString()), ProcessKeys.TASK_CONFIRM_INTAKE_HOP));
    }
  }

  private void replay(ReportingPeriod period) {
    recordOptOuts(period);

    at(period.lastDay().plusDays(13));
    closer.startAll(period);
    for (String hospital : directory.hospitals()) {
      // The hospital declares from its own records: its distinct patients and the digest of their keys.
      List<PatientKey> own = OPT_OUTS.stream()
          .filter(o -> o[0].equals(hospital) && period.contains(LocalDate.parse((String) o[2])))
          .map(o -> key((String) o[1])).distinct().toList();
      Map<String, Object> declaration = new HashMap<>();
      declaration.put(DECLARED_COUNT, own.size());
      declaration.put(NIL_ATTESTED, own.isEmpty());
      declaration.put(DECLARED_DIGEST_PREFIX, Declaration.digestPrefixOf(period, own));
      complete(hospital + "-operator", reports.declaringRefOf(hospital, period), ProcessKeys.TASK_DECLARE_COUNT,
          declaration);
      for (PeriodRef ref : reports.reportsOf(hospital, period)) {
        replayReport(ref, reports.chainOf(ref));
      }
    }
    if (period.equals(INCIDENT_PERIOD)) {
      // Two weeks pass with the incident unresolved: its escalation timers fire.
      runDueJobs(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(14)));
    }
  }

  /** One report of the month (one per certified producer) handed along its chain and confirmed applied. */
  private void replayReport(PeriodRef ref, ReportChain chain) {
    String hospital = ref.hospitalId();
    ReportingPeriod period = ref.period();
    if (ref.equals(INCIDENT_REPORT)) {
      replayIncident(ref, chain);
      return;
    }
    complete(chain.ledgerKeeper() + "-operator", ref, ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of());
    for (int hop = 1; hop <= chain.hopCount(); hop++) {
      SentReport sent = reportRepository.currentSent(ref).orElseThrow();
      complete(chain.receiver(hop) + "-operator", ref, ProcessKeys.TASK_ACKNOWLEDGE_HOP,
          Map.of(ACKNOWLEDGED_COUNT, sent.totalCount(), DIGEST_PREFIX, sent.digest().substring(0, 8)));
    }
    // The final recipient confirms from its own exclusion list of the hospital: every patient it
    // excludes, cumulative to the end of the month, digested as the month's report would be.
    List<PatientKey> excluded = OPT_OUTS.stream()
        .filter(o -> o[0].equals(hospital) && !LocalDate.parse((String) o[2]).isAfter(period.lastDay()))
        .map(o -> key((String) o[1])).distinct().toList();
    complete(chain.finalRecipient() + "-operator", ref, ProcessKeys.TASK_CONFIRM_APPLIED,
        Map.of(APPLIED_COUNT, excluded.size(), APPLIED_DIGEST_PREFIX, AppliedConfirmation.digestPrefixOf(period, excluded)));
  }

  /** The keeper's system mixes December up with January and reports 0 persons; nobody resolves it. */
  private void replayIncident(PeriodRef ref, ReportChain chain) {
    String keeper = chain.ledgerKeeper() + "-operator";
    asUser(keeper, () -> reports.submitManifest(ref, new ReportManifest(ref.period(), List.of(), List.of()),
        actor.requireParty()));
    complete(keeper, ref, ProcessKeys.TASK_REVIEW_AND_SEND_REPORT, Map.of());
  }

  private void complete(String userId, PeriodRef ref, String taskKey, Map<String, Object> fields) {
    asUser(userId, () -> tasks.complete(ref, taskKey, fields));
  }

  private void asUser(String userId, Runnable action) {
    asUser.run(userId, action);
  }


  private LocalDate nextBusinessDay(LocalDate day) {
    LocalDate next = day.plusDays(1);
    while (!calendar.isBusinessDay(next)) {
      next = next.plusDays(1);
    }
    return next;
  }

  private static void at(LocalDate day) {
    ClockUtil.setCurrentTime(Date.from(day.atTime(LocalTime.of(10, 0)).atZone(ReportingPeriod.ZONE).toInstant()));
  }

  /** Moves the clock day by day to {@code until}, running whatever falls due, as the job executor would. */
  private void runDueJobs(Instant until) {
    for (Instant now = ClockUtil.getCurrentTime().toInstant(); !now.isAfter(until);
        now = now.plus(Duration.ofHours(6))) {
      ClockUtil.setCurrentTime(Date.from(now));
      for (Job job : managementService.createJobQuery().executable().list()) {
        managementService.executeJob(job.getId());
      }
    }
  }

  /** A demo patient's pseudonymous key: what a hospital's HMAC would give, from a made-up seed. */
  private static PatientKey key(String seed) {
    return new PatientKey(Sha256.hex("demo patient " + seed));
  }

}
