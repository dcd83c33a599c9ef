package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.DECLARED_COUNT;
import static io.optoutchain.reporting.process.ReportVariables.DECLARED_DIGEST_PREFIX;
import static io.optoutchain.reporting.process.ReportVariables.NIL_ATTESTED;

import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.Declaration;
import io.optoutchain.reporting.MonthlyReportService;
import io.optoutchain.reporting.PeriodRef;
import io.optoutchain.reporting.PeriodStatusRepository;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing "Declare the hospital's count": records the count of distinct patients and their
 * keys' digest prefix, and lets the month's other reports (one per certified producer), which wait
 * for the one declaration, go on.
 */
@Component
public class RecordDeclarationListener implements TaskListener {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final CurrentActor actor;
  private final PeriodStatusRepository statuses;
  private final EngineAsSystem asSystem;

  public RecordDeclarationListener(MonthlyReportService reports, ReportRouting routing, CurrentActor actor,
      PeriodStatusRepository statuses, EngineAsSystem asSystem) {
    this.statuses = statuses;
    this.asSystem = asSystem;
    this.reports = reports;
    this.routing = routing;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    Declaration declaration = Declaration.of(FormFields.integerField(task, DECLARED_COUNT),
        FormFields.booleanField(task, NIL_ATTESTED), FormFields.textField(task, DECLARED_DIGEST_PREFIX), null);
    PeriodRef declaring = routing.reportOfCompletedTask(task);
    reports.declare(declaring, declaration, actor.requireParty());
    FormFields.removeFields(task, DECLARED_COUNT, NIL_ATTESTED, DECLARED_DIGEST_PREFIX);
    // The other reports wait on a condition read from our tables; writing the cache variable makes
    // the engine evaluate it. A variable written by anyone else changes nothing: the tables decide.
    statuses.processInstancesOf(declaring.hospitalId(), declaring.period()).stream()
        .filter(instance -> !instance.equals(task.getProcessInstanceId()))
        .forEach(instance -> asSystem.run(() -> {
          task.getProcessEngineServices().getRuntimeService().setVariable(instance, ReportVariables.HOSPITAL_DECLARED,
              true);
          return instance;
        }));
  }
}
