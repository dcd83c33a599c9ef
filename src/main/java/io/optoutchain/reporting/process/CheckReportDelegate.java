package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.MonthlyReportService.Check;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Compares the report of record with the ledger and the hospital's declaration. */
@Component
public class CheckReportDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;

  public CheckReportDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = routing.report(execution);
    Check check = reports.checkReport(ref);
    execution.setVariable(ReportVariables.REPORT_AGREES, check.agrees());
    ReportVariables.showHop(execution, reports.chainOf(ref), reports.currentHop(ref));
  }
}
