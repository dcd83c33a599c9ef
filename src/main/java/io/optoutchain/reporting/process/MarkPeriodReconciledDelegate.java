package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

@Component
public class MarkPeriodReconciledDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;

  public MarkPeriodReconciledDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    reports.markReconciled(routing.report(execution));
  }
}
