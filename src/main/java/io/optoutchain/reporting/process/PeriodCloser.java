package io.optoutchain.reporting.process;

import io.optoutchain.reporting.PeriodStartRepository;
import io.optoutchain.reporting.PeriodStartRepository.PeriodStartRun;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts every month that is due for every hospital: each month from {@code optout.reporting.first-period}
 * whose close day (Asia/Tokyo) has come, and whose start is not DONE, as well as every start asked for
 * over the API that is still RUNNING. It runs on each tick of {@code optout.reporting.close-cron} and at
 * start-up on every node: a node that was down on the close day catches up, and the nodes of a cluster
 * share the chunks of one run ({@link PeriodStart}), none started twice. When nothing is due, a tick is
 * one query.
 */
@Component
public class PeriodCloser {

  private static final Logger log = LoggerFactory.getLogger(PeriodCloser.class);

  /** Who a run started by the closer was requested by. */
  static final String CLOSER = "closer";

  private final PeriodStart periodStart;
  private final PeriodStartRepository runs;
  private final ReportingProperties properties;
  private final Clock clock;

  public PeriodCloser(PeriodStart periodStart, PeriodStartRepository runs, ReportingProperties properties, Clock clock) {
    this.periodStart = periodStart;
    this.runs = runs;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(cron = "${optout.reporting.close-cron}", zone = "Asia/Tokyo")
  public void closeDuePeriods() {
    ReportingPeriod lastDue = ReportingPeriod.lastClosedBy(LocalDate.now(clock.withZone(ReportingPeriod.ZONE)),
        properties.closeDay());
    for (ReportingPeriod period : runs.pending(properties.firstReportedPeriod(), lastDue)) {
      try {
        startAll(period);
      } catch (RuntimeException e) {
        // One month refused (say, a RUNNING start of a month not over yet) does not hold up the others.
        log.error("Period {} could not be started for every hospital", period, e);
      }
    }
  }

  /** A node that comes back after the close day catches up at once, on a thread of its own. */
  @EventListener(ApplicationReadyEvent.class)
  public void catchUpAtStartUp() {
    if (!"-".equals(properties.closeCron())) {
      periodStart.inBackground(this::closeDuePeriods);
    }
  }

  /**
   * Starts the period for every hospital not yet started, in chunks, in the caller's thread: claims the
   * run and drives it until it is done, fails, or another node holds it; answers where it stands.
   */
  public PeriodStartRun startAll(ReportingPeriod period) {
    periodStart.request(period, CLOSER);
    return periodStart.drive(period);
  }
}
