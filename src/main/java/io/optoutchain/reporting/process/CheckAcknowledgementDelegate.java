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
  private final ReportRouting routing;

  public CheckAcknowledgementDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = routing.report(execution);
    Check check = reports.checkAcknowledgement(ref);
    execution.setVariable(ReportVariables.ACKNOWLEDGEMENT_OUTCOME, check.outcome().name());
    ReportVariables.showHop(execution, reports.chainOf(ref), reports.currentHop(ref));
  }
}
