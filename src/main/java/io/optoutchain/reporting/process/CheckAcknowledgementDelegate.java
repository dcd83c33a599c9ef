package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.MonthlyReportService.Check;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Compares what the receiver of the current hop acknowledged with the report of record. */
@Component
public class CheckAcknowledgementDelegate implements JavaDelegate {

  private final MonthlyReportService reports;

  public CheckAcknowledgementDelegate(MonthlyReportService reports) {
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = ReportVariables.periodRef(execution);
    Check check = reports.checkAcknowledgement(ref, ReportVariables.hopIndex(execution));
    execution.setVariable(ReportVariables.ACKNOWLEDGEMENT_AGREES, check.agrees());
    CheckOutcome.apply(execution, check, reports.chainOf(ref.hospitalId()));
  }
}
