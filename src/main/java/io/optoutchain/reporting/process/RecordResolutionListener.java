package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.APPLIED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.APPLIED_DIGEST_PREFIX;
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
    boolean restated = resolution == Resolution.RESTATED_APPLIED_SET;
    reports.resolve(routing.reportOfCompletedTask(task), resolution, FormFields.textField(task, RESOLUTION_REASON),
        corrected, restated ? FormFields.integerField(task, APPLIED_COUNT) : null,
        restated ? FormFields.textField(task, APPLIED_DIGEST_PREFIX) : null, actor.requireParty());
    FormFields.removeFields(task, RESOLUTION, RESOLUTION_REASON, DECLARED_COUNT, NIL_ATTESTED, DECLARED_DIGEST_PREFIX,
        APPLIED_COUNT, APPLIED_DIGEST_PREFIX);
  }

  private static Resolution resolution(String value) {
    try {
      return Resolution.valueOf(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Rejected.invalid(RESOLUTION, "解決方法は「報告の訂正」(CORRECTED_REPORT)、「申告の訂正」(CORRECTED_DECLARATION) または「適用済みリストの再申告」(RESTATED_APPLIED_SET) です。受け取った値: '" + value + "'", "resolution is CORRECTED_REPORT, CORRECTED_DECLARATION or RESTATED_APPLIED_SET; got '" + value + "'");
    }
  }
}
