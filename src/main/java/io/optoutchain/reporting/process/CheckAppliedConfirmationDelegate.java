package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService.Check;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Compares the final recipient's applied exclusion list with the ledger's effective set to the period's end. */
@Component
public class CheckAppliedConfirmationDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;

  public CheckAppliedConfirmationDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Check check = reports.checkAppliedConfirmation(routing.report(execution));
    execution.setVariable(ReportVariables.APPLIED_AGREES, check.agrees());
  }
}
