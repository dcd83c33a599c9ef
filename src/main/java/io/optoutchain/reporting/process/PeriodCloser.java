package io.optoutchain.reporting.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * On the closing day (Asia/Tokyo) of each month, starts the previous month's report for every
 * configured hospital. Each start is its own transaction; a hospital already started is skipped,
 * so running it twice does no harm.
 */
@Component
public class PeriodCloser {

  private static final Logger log = LoggerFactory.getLogger(PeriodCloser.class);

  private final MonthlyReportStarter starter;
  private final PartyDirectory directory;
  private final ReportingProperties properties;
  private final Clock clock;

  public PeriodCloser(MonthlyReportStarter starter, PartyDirectory directory, ReportingProperties properties,
      Clock clock) {
    this.starter = starter;
    this.directory = directory;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(cron = "${optout.reporting.close-cron}", zone = "Asia/Tokyo")
  public void closeDuePeriods() {
    ReportingPeriod.closingOn(LocalDate.now(clock.withZone(ReportingPeriod.ZONE)), properties.closeDay())
        .ifPresent(this::startAll);
  }

  /** Starts the period for every configured hospital not yet started; returns the hospitals started. */
  public List<String> startAll(ReportingPeriod period) {
    List<String> started = new ArrayList<>();
    // The ids only (some 180,000 short strings nationally), read once; each start is its own transaction.
    List<String> hospitals = directory.hospitals();
    for (String hospital : hospitals) {
      try {
        starter.start(hospital, period);
        started.add(hospital);
      } catch (Rejected alreadyStarted) {
        if (alreadyStarted.kind() != Rejected.Kind.CONFLICT) {
          throw alreadyStarted;
        }
      }
    }
    log.info("Period {} closed: started the monthly report of {} of {} hospitals", period, started.size(),
        hospitals.size());
    return started;
  }
}
