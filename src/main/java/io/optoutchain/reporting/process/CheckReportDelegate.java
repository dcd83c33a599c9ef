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

  public CheckReportDelegate(MonthlyReportService reports) {
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = ReportVariables.periodRef(execution);
    Check check = reports.checkReport(ref, ReportVariables.divergentHop(execution));
    execution.setVariable(ReportVariables.REPORT_AGREES, check.agrees());
    CheckOutcome.apply(execution, check, reports.chainOf(ref.hospitalId()));
  }
}
