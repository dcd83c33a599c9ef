package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Compiles the period's report from the ledger, as a draft for the ledger keeper to review and send. */
@Component
public class CompileReportDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;

  public CompileReportDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    reports.compileFromLedger(routing.report(execution));
  }
}
