package io.optoutchain.reporting.process;

import io.optoutchain.ledger.LedgerEntry;
import io.optoutchain.ledger.LedgerRepository;
import io.optoutchain.ledger.OptOutRecorded;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.MonthlyReportService;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When the ledger takes an entry, or a correction, for a month already reconciled, that month is
 * reopened in the same transaction: it leaves RECONCILED (the provision gate closes) and the ledger
 * keeper gets "Reconcile the discrepancy" in a new instance of the month's report.
 */
@Component
public class ReopenReconciledMonth {

  private final MonthlyReportService reports;
  private final LedgerRepository ledger;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;

  public ReopenReconciledMonth(MonthlyReportService reports, LedgerRepository ledger, RuntimeService runtimeService,
      EngineAsSystem asSystem) {
    this.reports = reports;
    this.ledger = ledger;
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  @EventListener
  public void onOptOutRecorded(OptOutRecorded recorded) {
    LedgerEntry entry = recorded.entry();
    // A correction touches the month it moves the request to, and the month it moves it from.
    Set<LedgerEntry> touched = new LinkedHashSet<>();
    touched.add(entry);
    if (entry.correctsEntryId() != null) {
      ledger.find(entry.correctsEntryId()).ifPresent(touched::add);
    }
    touched.stream().flatMap(e -> reports.reportsOf(e.hospitalId(), e.period()).stream()).distinct().forEach(ref -> {
      if (reports.reopenAfterLedgerChange(ref, entry.id())) {
        asSystem.run(() -> runtimeService.createProcessInstanceByKey(ProcessKeys.MONTHLY_REPORT)
            .businessKey(ref.businessKey())
            .startBeforeActivity(ProcessKeys.TASK_RECONCILE_DISCREPANCY)
            .execute());
      }
    });
  }
}
