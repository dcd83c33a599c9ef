package io.optoutchain.reporting.process;

import static io.optoutchain.reporting.process.ReportVariables.ESCALATION_HANDLING;
import static io.optoutchain.reporting.process.ReportVariables.ESCALATION_NOTE;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.EscalationHandling;
import io.optoutchain.reporting.MonthlyReportService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing "Handle the escalation": records how the escalated group handled it, with its note.
 * Taking over makes the supervisors candidates of the party's late task beside its operators, so
 * either may complete it; nobody is taken off it.
 */
@Component
public class RecordEscalationHandlingListener implements TaskListener {

  private final MonthlyReportService reports;
  private final ReportRouting routing;
  private final CurrentActor actor;
  private final PartyGroups groups;
  private final EngineAsSystem system;

  public RecordEscalationHandlingListener(MonthlyReportService reports, ReportRouting routing, CurrentActor actor,
      PartyGroups groups, EngineAsSystem system) {
    this.reports = reports;
    this.routing = routing;
    this.actor = actor;
    this.groups = groups;
    this.system = system;
  }

  @Override
  public void notify(DelegateTask task) {
    EscalationHandling handling = handling(FormFields.textField(task, ESCALATION_HANDLING));
    var escalation = reports.handleEscalation(routing.reportOfCompletedTask(task),
        routing.escalation(task.getExecution()).id(), task.getProcessInstanceId(), handling,
        FormFields.textField(task, ESCALATION_NOTE), actor.require());
    if (handling == EscalationHandling.TAKEN_OVER) {
      String partyOperators = groups.operators(groups.partyOf(escalation.escalatedTo()).orElseThrow());
      TaskService tasks = task.getProcessEngineServices().getTaskService();
      var late = system.run(() -> tasks.createTaskQuery().processInstanceId(task.getProcessInstanceId())
          .taskCandidateGroup(partyOperators).active().list());
      if (late.isEmpty()) {
        throw Rejected.conflict("引き継ぐタスクはもうありません（対応済みです）。「確認」を選んでください",
            "there is no late task left to take over (it has been done); choose ACKNOWLEDGED");
      }
      system.run(() -> {
        late.forEach(lateTask -> tasks.addCandidateGroup(lateTask.getId(), escalation.escalatedTo()));
        return null;
      });
    }
    FormFields.removeFields(task, ESCALATION_HANDLING, ESCALATION_NOTE);
  }

  private static EscalationHandling handling(String value) {
    try {
      return EscalationHandling.valueOf(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Rejected.invalid(ESCALATION_HANDLING, "「確認」(ACKNOWLEDGED) または「引き継ぐ」(TAKEN_OVER) を選んでください。受け取った値: "
          + Rejected.shown(value), "choose ACKNOWLEDGED or TAKEN_OVER; got " + Rejected.shown(value));
    }
  }
}
