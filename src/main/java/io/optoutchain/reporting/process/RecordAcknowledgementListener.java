package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.ACKNOWLEDGED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DIGEST_PREFIX;

import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** On completing "Acknowledge the report received": records what the receiver entered, blind. */
@Component
public class RecordAcknowledgementListener implements TaskListener {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final CurrentActor actor;

  public RecordAcknowledgementListener(MonthlyReportService reports, ReportRouting routing, CurrentActor actor) {
    this.reports = reports;
    this.routing = routing;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    reports.acknowledge(routing.reportOfCompletedTask(task),
        FormFields.integerField(task, ACKNOWLEDGED_COUNT), FormFields.textField(task, DIGEST_PREFIX),
        actor.requireParty());
    FormFields.removeFields(task, ACKNOWLEDGED_COUNT, DIGEST_PREFIX);
  }
}
