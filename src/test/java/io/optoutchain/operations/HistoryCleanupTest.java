package io.optoutchain.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

/**
 * The engine's history cleanup as configured: removal time fixed when an instance starts (strategy {@code start}),
 * deleted by removal time ({@code removalTimeBased}) in the window 20:00-06:00 Tokyo time only, and never our
 * tables.
 */
class HistoryCleanupTest extends ReportingTest {

  /** The processes' historyTimeToLive. */
  private static final Duration TIME_TO_LIVE = Duration.ofDays(1825);

  private Map<String, Long> ourTables() {
    return Map.of("audit_event", count("optout.audit_event"), "ledger_entry", count("optout.ledger_entry"),
        "period_status", count("optout.period_status"), "monthly_report", count("optout.monthly_report"));
  }

  private long count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }

  private long history(String processInstanceId) {
    return historyService.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count()
        + historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).count()
        + historyService.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId).count()
        + historyService.createUserOperationLogQuery().processInstanceId(processInstanceId).count();
  }

  /**
   * Runs every cleanup job at that time, then again while one is due, as the job executor would after a
   * full batch: the suite's earlier tests leave other history past its removal time too.
   */
  private void runHistoryCleanupJobsAt(Instant now) {
    ClockUtil.setCurrentTime(Date.from(now));
    List<Job> jobs = historyService.findHistoryCleanupJobs();
    for (int run = 0; !jobs.isEmpty() && run < 1000; run++) {
      jobs.forEach(job -> managementService.executeJob(job.getId()));
      jobs = historyService.findHistoryCleanupJobs().stream()
          .filter(job -> !job.getDuedate().toInstant().isAfter(now)).toList();
    }
  }

  @Test
  void finishedMonthPastItsRemovalTimeIsCleanedUpInTheNightlyWindowOnlyRunningMonthAndOurTablesStay() {
    // Given December started at START and reconciled ten days later ...
    recordOptOut(HOSPITAL, patientKey("kept"), LocalDate.of(2024, 12, 9));
    String december = start("2024-12").getId();
    ClockUtil.setCurrentTime(Date.from(START.plus(Duration.ofDays(10))));
    reconcileAsTheLedgerHasIt("2024-12");
    // ... whose history is removed 1825 days after its start, not after its end: ending rewrote no row.
    var finished = historyService.createHistoricProcessInstanceQuery().processInstanceId(december).singleResult();
    assertThat(finished.getEndTime()).isNotNull();
    Instant removal = finished.getRemovalTime().toInstant();
    assertThat(removal).isEqualTo(START.plus(TIME_TO_LIVE));
    // ... and January, started a month later, still running.
    ClockUtil.setCurrentTime(Date.from(Instant.parse("2025-02-10T00:00:00Z")));
    String january = start("2025-01").getId();
    long januaryHistory = history(january);
    Map<String, Long> ours = ourTables();
    assertThat(history(december)).isPositive();

    // When the cleanup is scheduled at noon in Tokyo on the day December's removal time has passed
    Instant noonInTokyo = Instant.parse("2030-01-05T03:00:00Z");
    assertThat(noonInTokyo).isAfter(removal);
    ClockUtil.setCurrentTime(Date.from(noonInTokyo));
    historyService.cleanUpHistoryAsync(false);

    // Then it waits for the window: due at 20:00 Tokyo time, and run now it deletes nothing.
    assertThat(historyService.findHistoryCleanupJobs()).isNotEmpty()
        .allSatisfy(job -> assertThat(job.getDuedate().toInstant()).isEqualTo(Instant.parse("2030-01-05T11:00:00Z")));
    runHistoryCleanupJobsAt(noonInTokyo);
    assertThat(history(december)).isPositive();

    // When it runs inside the window, at 21:00 Tokyo time
    runHistoryCleanupJobsAt(Instant.parse("2030-01-05T12:00:00Z"));

    // Then December's history is gone; January's (running, removal time a month later) and our tables stay.
    assertThat(history(december)).isZero();
    assertThat(history(january)).isEqualTo(januaryHistory);
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(january).count()).isOne();
    assertThat(ourTables()).isEqualTo(ours);
    // And the cleanup's own runs are in the job log, for an operator to see that it ran (other successful
    // jobs leave none: HistoryLevelTest).
    assertThat(historyService.createHistoricJobLogQuery().jobDefinitionType("history-cleanup").successLog().count())
        .isPositive();
  }
}
