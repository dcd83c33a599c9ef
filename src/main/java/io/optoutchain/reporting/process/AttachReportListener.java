package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodStatusRepository;
import io.optoutchain.reporting.PeriodRef;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * When a monthly report's instance starts: binds the period, opened by the starter in the same
 * transaction, to this process instance. From here on every step finds its report by the instance.
 */
@Component
public class AttachReportListener implements ExecutionListener {

  private final MonthlyReportService reports;
  private final PeriodStatusRepository statuses;

  public AttachReportListener(MonthlyReportService reports, PeriodStatusRepository statuses) {
    this.reports = reports;
    this.statuses = statuses;
  }

  @Override
  public void notify(DelegateExecution execution) {
    // Only the starter starts this process (no party may create instances), so the business key is
    // the product's own at this moment; it is read once, here, and never again.
    var ref = PeriodRef.ofBusinessKey(execution.getProcessBusinessKey());
    statuses.attachProcessInstance(ref, execution.getProcessInstanceId());
    ReportVariables.showSubject(execution, ref);
    ReportVariables.showHop(execution, reports.chainOf(ref), 1);
  }
}
