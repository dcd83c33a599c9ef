package io.optoutchain.reporting.process;

import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Moves the report on to the next hop of the chain once the current one has agreed. */
@Component
public class PassReportToNextHopDelegate implements JavaDelegate {

  private final MonthlyReportService reports;
  private final ReportRouting routing;

  public PassReportToNextHopDelegate(MonthlyReportService reports, ReportRouting routing) {
    this.reports = reports;
    this.routing = routing;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var ref = routing.report(execution);
    reports.passToNextHop(ref);
    ReportVariables.showHop(execution, reports.chainOf(ref), reports.currentHop(ref));
  }
}
