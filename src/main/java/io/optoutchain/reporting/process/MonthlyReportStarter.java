package io.optoutchain.reporting.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.ReportingProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starts a hospital's monthly reports for a period that has ended, one per report chain (one per
 * certified producer receiving its records); a second start is refused.
 */
@Service
public class MonthlyReportStarter {

  private final PartyDirectory directory;
  private final PeriodStatusRepository statuses;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;
  private final ReportingProperties properties;
  private final Clock clock;

  public MonthlyReportStarter(PartyDirectory directory, PeriodStatusRepository statuses,
      RuntimeService runtimeService, EngineAsSystem asSystem, ReportingProperties properties, Clock clock) {
    this.properties = properties;
    this.asSystem = asSystem;
    this.directory = directory;
    this.statuses = statuses;
    this.runtimeService = runtimeService;
    this.clock = clock;
  }

  /** One monthly report started: which final recipient it goes to and the instance that runs it. */
  public record StartedReport(String finalRecipient, String processInstanceId) {}

  @Transactional
  public List<StartedReport> start(String hospitalId, ReportingPeriod period) {
    requireReportable(period);
    List<ReportChain> chains = directory.chainsOf(hospitalId);
    if (chains.isEmpty()) {
      throw Rejected.notFound("病院 '" + Rejected.shown(hospitalId) + "' は設定されていません",
          "no hospital '" + Rejected.shown(hospitalId) + "' is configured");
    }
    List<StartedReport> started = new ArrayList<>();
    for (ReportChain chain : chains) {
      PeriodRef ref = new PeriodRef(hospitalId, period, chain.finalRecipient());
      statuses.open(ref, chain.report(), clock.instant());
      started.add(startInstance(ref, chain));
    }
    return started;
  }

  /**
   * The hospital's reports of the period not started yet, for the month's chunked start ({@link
   * PeriodStart}), which checked the period once: none for a hospital whose reports all run, or that
   * left its chain since. Joins the chunk's transaction and never fails it for a report started already.
   */
  @Transactional
  public List<StartedReport> startMissing(String hospitalId, ReportingPeriod period) {
    List<StartedReport> started = new ArrayList<>();
    for (ReportChain chain : directory.chainsOf(hospitalId)) {
      PeriodRef ref = new PeriodRef(hospitalId, period, chain.finalRecipient());
      if (statuses.openIfAbsent(ref, chain.report(), clock.instant())) {
        started.add(startInstance(ref, chain));
      }
    }
    return started;
  }

  /** Refuses a period before the first one reported through this product, or one not over yet. */
  public void requireReportable(ReportingPeriod period) {
    ReportingPeriod first = properties.firstReportedPeriod();
    if (period.compareTo(first) < 0) {
      throw Rejected.invalid("period", period + " は、本システムで報告する最初の月 " + first + " より前です (optout.reporting.first-period)", period + " is before " + first + ", the first month reported through this"
          + " product (optout.reporting.first-period)");
    }
    if (!LocalDate.now(clock).isAfter(period.lastDay())) {
      throw Rejected.invalid("period", period + " はまだ終わっていません。月の報告はその月が終わってから行います", period + " has not ended yet; a month is reported once it is over");
    }
  }

  private StartedReport startInstance(PeriodRef ref, ReportChain chain) {
    // The instance binds itself to the period as it starts (AttachReportListener).
    return new StartedReport(chain.finalRecipient(), asSystem.run(() -> runtimeService
        .startProcessInstanceByKey(ProcessKeys.MONTHLY_REPORT, ref.businessKey()).getId()));
  }
}
