package io.optoutchain.reporting.process;

import io.optoutchain.database.PlannerStatistics;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.reporting.PeriodStartRepository;
import io.optoutchain.reporting.PeriodStartRepository.PeriodStartRun;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a month's reports for every hospital in chunks, once in a cluster. The run ({@link
 * PeriodStartRepository}, one row per period) is claimed first; then each chunk is one transaction that
 * locks the run's row ({@code for update skip locked}), starts the reports of the next hospitals after
 * the cursor in id order and moves the cursor. A crash or a failed chunk leaves the last committed chunk
 * and the cursor; the run resumes from there (a FAILED run once claimed again), and a report already
 * started is skipped, so none starts twice. A second node or thread driving the same run takes the next
 * chunk when the row is free, or leaves.
 */
@Service
public class PeriodStart {

  private static final Logger log = LoggerFactory.getLogger(PeriodStart.class);

  /** Planner statistics are refreshed at least this often while a run starts reports, and when it ends. */
  static final int ANALYZE_EVERY_REPORTS = 10_000;

  /** What one chunk did: worked (more to do), finished the run, failed, or found the run not its to take. */
  enum Outcome { MORE, DONE, FAILED, NOT_TAKEN }

  private record Chunk(Outcome outcome, int reports) {}

  private final PeriodStartRepository runs;
  private final PartyDirectory directory;
  private final MonthlyReportStarter starter;
  private final PlannerStatistics statistics;
  private final ReportingProperties properties;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final ExecutorService background = Executors.newSingleThreadExecutor(work -> {
    Thread thread = new Thread(work, "period-start");
    thread.setDaemon(true);
    return thread;
  });

  public PeriodStart(PeriodStartRepository runs, PartyDirectory directory, MonthlyReportStarter starter,
      PlannerStatistics statistics, ReportingProperties properties, Clock clock, PlatformTransactionManager transactions) {
    this.runs = runs;
    this.directory = directory;
    this.starter = starter;
    this.statistics = statistics;
    this.properties = properties;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Claims the period's run: creates it, or resumes a FAILED one from its cursor; a RUNNING or DONE run
   * is answered as it stands. Refuses a period before the first one reported, or not over yet.
   */
  public PeriodStartRun request(ReportingPeriod period, String requestedBy) {
    starter.requireReportable(period);
    return runs.claim(period, requestedBy, directory.hospitalCount(), clock.instant());
  }

  /** Works on the period's run, chunk after chunk, until it is done, fails, or another caller holds it. */
  public PeriodStartRun drive(ReportingPeriod period) {
    return drive(period, properties.startChunkSize());
  }

  /** As {@link #drive(ReportingPeriod)}, with chunks of the size named (tests take small ones). */
  public PeriodStartRun drive(ReportingPeriod period, int chunkSize) {
    int sinceAnalyzed = 0;
    Chunk chunk;
    do {
      chunk = chunk(period, chunkSize);
      sinceAnalyzed += chunk.reports();
      // After every large stretch of starts, and when this caller stops having started any.
      if (sinceAnalyzed >= ANALYZE_EVERY_REPORTS || chunk.outcome() != Outcome.MORE && sinceAnalyzed > 0) {
        statistics.refresh(PlannerStatistics.AFTER_REPORTS_START);
        sinceAnalyzed = 0;
      }
    } while (chunk.outcome() == Outcome.MORE);
    PeriodStartRun run = runs.find(period).orElseThrow();
    if (chunk.outcome() == Outcome.DONE) {
      log.info("Period {} started for every hospital: {} reports for {} hospitals, {} had theirs already", period,
          run.reportsStarted(), run.hospitalsDone(), run.hospitalsAlreadyStarted());
    }
    return run;
  }

  /**
   * After a start of named hospitals: one as large as a stretch of chunks gets the same refresh once it
   * has committed (measured: the declarations right after starting 2,000 reports by name spent 41 ms a call
   * in the database, against 6 ms once statistics were fresh).
   */
  public void namedHospitalsStarted(int reports) {
    if (reports >= properties.startChunkSize()) {
      statistics.refresh(PlannerStatistics.AFTER_REPORTS_START);
    }
  }

  /** Drives the period's run on a thread of this node's own, never the caller's (off: left to the closer's tick). */
  public void driveInBackground(ReportingPeriod period) {
    if (properties.startInBackground()) {
      inBackground(() -> drive(period));
    }
  }

  /** Runs work on the thread that drives runs, one after the other, logging what fails. */
  void inBackground(Runnable work) {
    background.execute(() -> {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.error("Starting a month's reports in the background failed", e);
      }
    });
  }

  @PreDestroy
  void stop() {
    background.shutdownNow();
  }

  private Chunk chunk(ReportingPeriod period, int size) {
    // The run as this chunk found it: only that run, not one another node has moved on since, is failed.
    AtomicReference<PeriodStartRun> taken = new AtomicReference<>();
    try {
      return transaction.execute(status -> {
        PeriodStartRun run = runs.lockRunning(period).orElse(null);
        if (run == null) {
          return new Chunk(Outcome.NOT_TAKEN, 0);
        }
        taken.set(run);
        List<String> ahead = directory.hospitalsAfter(run.cursor(), size);
        // Past the last id: hospitals assigned behind the cursor while the run went on are started too.
        List<String> behind = ahead.size() < size && run.cursor() != null
            ? directory.hospitalsNotStartedUpTo(run.cursor(), period.label(), size - ahead.size()) : List.of();
        int reports = 0;
        int alreadyStarted = 0;
        for (String hospital : concat(ahead, behind)) {
          int started = starter.startMissing(hospital, period).size();
          reports += started;
          alreadyStarted += started == 0 ? 1 : 0;
        }
        boolean last = ahead.size() + behind.size() < size;
        runs.advance(period, ahead.isEmpty() ? null : ahead.get(ahead.size() - 1), ahead.size() + behind.size(),
            reports, alreadyStarted, last, clock.instant());
        return new Chunk(last ? Outcome.DONE : Outcome.MORE, reports);
      });
    } catch (RuntimeException e) {
      if (taken.get() != null) {
        // The run's answer names the kind of failure only: a database's message can quote SQL and key values.
        runs.fail(period, taken.get().cursor(), e.getClass().getSimpleName() + " (details in the node's log)",
            clock.instant());
      }
      log.error("Period {}: a chunk of its start failed and was rolled back; the run is FAILED at its cursor and"
          + " resumes from there when claimed again", period, e);
      return new Chunk(Outcome.FAILED, 0);
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return second.isEmpty() ? first : Stream.concat(first.stream(), second.stream()).toList();
  }
}
