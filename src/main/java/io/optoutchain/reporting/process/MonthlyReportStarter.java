package io.optoutchain.reporting.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import java.time.Clock;
import java.time.LocalDate;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Starts one hospital's monthly report for a period that has ended; a second start is refused. */
@Service
public class MonthlyReportStarter {

  private final MonthlyReportService reports;
  private final PeriodStatusRepository statuses;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;
  private final ReportingProperties properties;
  private final Clock clock;

  public MonthlyReportStarter(MonthlyReportService reports, PeriodStatusRepository statuses,
      RuntimeService runtimeService, EngineAsSystem asSystem, ReportingProperties properties, Clock clock) {
    this.properties = properties;
    this.asSystem = asSystem;
    this.reports = reports;
    this.statuses = statuses;
    this.runtimeService = runtimeService;
    this.clock = clock;
  }

  @Transactional
  public String start(String hospitalId, ReportingPeriod period) {
    ReportingPeriod first = properties.firstReportedPeriod();
    if (period.compareTo(first) < 0) {
      throw Rejected.invalid("period", period + " は、本システムで報告する最初の月 " + first + " より前です (optout.reporting.first-period)", period + " is before " + first + ", the first month reported through this"
          + " product (optout.reporting.first-period)");
    }
    if (!LocalDate.now(clock).isAfter(period.lastDay())) {
      throw Rejected.invalid("period", period + " はまだ終わっていません。月の報告はその月が終わってから行います", period + " has not ended yet; a month is reported once it is over");
    }
    PeriodRef ref = reports.refOf(hospitalId, period);
    statuses.open(ref, clock.instant());
    // The instance binds itself to the period as it starts (AttachReportListener).
    return asSystem.run(() -> runtimeService.startProcessInstanceByKey(ProcessKeys.MONTHLY_REPORT, ref.businessKey())
        .getId());
  }
}
