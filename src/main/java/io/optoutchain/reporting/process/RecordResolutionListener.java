package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION;
import static io.optoutchain.reporting.process.ReportVariables.RESOLUTION_REASON;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.Declaration;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.Resolution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** On completing "Reconcile the discrepancy": records how the responsible party resolved it, and why. */
@Component
public class RecordResolutionListener implements TaskListener {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final CurrentActor actor;

  public RecordResolutionListener(MonthlyReportService reports, ReportRouting routing, CurrentActor actor) {
    this.reports = reports;
    this.routing = routing;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    Resolution resolution = resolution(FormFields.textField(task, RESOLUTION));
    Declaration corrected = resolution == Resolution.CORRECTED_DECLARATION
        ? Declaration.of(FormFields.integerField(task, DECLARED_COUNT),
            FormFields.booleanField(task, NIL_ATTESTED), FormFields.textField(task, DECLARED_DIGEST_PREFIX),
            FormFields.textField(task, RESOLUTION_REASON))
        : null;
    reports.resolve(routing.reportOfCompletedTask(task), resolution, FormFields.textField(task, RESOLUTION_REASON),
        corrected, actor.requireParty());
    FormFields.removeFields(task, RESOLUTION, RESOLUTION_REASON, DECLARED_COUNT, NIL_ATTESTED, DECLARED_DIGEST_PREFIX);
  }

  private static Resolution resolution(String value) {
    try {
      return Resolution.valueOf(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Rejected.invalid(RESOLUTION, "解決方法は「報告の訂正」(CORRECTED_REPORT) または「申告の訂正」(CORRECTED_DECLARATION) です。受け取った値: '" + value + "'", "resolution is CORRECTED_REPORT or CORRECTED_DECLARATION; got '" + value + "'");
    }
  }
}
