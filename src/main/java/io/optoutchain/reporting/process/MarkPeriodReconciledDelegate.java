package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

@Component
public class MarkPeriodReconciledDelegate implements JavaDelegate {

  private final MonthlyReportService reports;

  public MarkPeriodReconciledDelegate(MonthlyReportService reports) {
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    reports.markReconciled(ReportVariables.periodRef(execution));
  }
}
