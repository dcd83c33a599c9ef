package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Moves the report on to the next hop of the chain once the current one has agreed. */
@Component
public class PassReportToNextHopDelegate implements JavaDelegate {

  private final MonthlyReportService reports;

  public PassReportToNextHopDelegate(MonthlyReportService reports) {
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = ReportVariables.periodRef(execution);
    ReportVariables.moveToHop(execution, reports.chainOf(ref.hospitalId()), ReportVariables.hopIndex(execution) + 1);
  }
}
