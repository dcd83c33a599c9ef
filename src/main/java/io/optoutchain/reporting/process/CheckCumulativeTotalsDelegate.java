package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.MonthlyReportService.Check;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Compares the final recipient's running total of patients with the ledger's, up to the period's end. */
@Component
public class CheckCumulativeTotalsDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;

  public CheckCumulativeTotalsDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Check check = reports.checkCumulative(routing.report(execution));
    execution.setVariable(ReportVariables.CUMULATIVE_AGREES, check.agrees());
  }
}
