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

  public CheckCumulativeTotalsDelegate(MonthlyReportService reports) {
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = ReportVariables.periodRef(execution);
    Check check = reports.checkCumulative(ref);
    execution.setVariable(ReportVariables.CUMULATIVE_AGREES, check.agrees());
    CheckOutcome.apply(execution, check, reports.chainOf(ref.hospitalId()));
  }
}
