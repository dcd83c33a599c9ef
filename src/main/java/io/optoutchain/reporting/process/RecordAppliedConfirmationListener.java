package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;

import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** On completing "Confirm the opt-outs are applied": records what the final recipient stated, blind. */
@Component
public class RecordAppliedConfirmationListener implements TaskListener {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final CurrentActor actor;

  public RecordAppliedConfirmationListener(MonthlyReportService reports, ReportRouting routing, CurrentActor actor) {
    this.reports = reports;
    this.routing = routing;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    reports.confirmApplied(routing.reportOfCompletedTask(task), FormFields.integerField(task, APPLIED_COUNT),
        FormFields.textField(task, APPLIED_DIGEST_PREFIX), actor.requireParty());
    FormFields.removeFields(task, APPLIED_COUNT, APPLIED_DIGEST_PREFIX);
  }
}
