package io.optoutchain.reporting.process;

import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** On completing "Review and send the report": the latest draft becomes the report of record. */
@Component
public class SendReportListener implements TaskListener {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final CurrentActor actor;

  public SendReportListener(MonthlyReportService reports, ReportRouting routing, CurrentActor actor) {
    this.reports = reports;
    this.routing = routing;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    reports.send(routing.reportOfCompletedTask(task), actor.requireParty());
    FormFields.removeFields(task, ReportVariables.SEND_CONFIRMED);
  }
}
