package io.optoutchain.escalation.process;

import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_HANDLING;
import static io.optoutchain.escalation.process.EscalationVariables.ESCALATION_NOTE;

import io.optoutchain.error.Rejected;
import io.optoutchain.escalation.EscalationHandling;
import io.optoutchain.escalation.EscalationService;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.FormFields;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing "Handle the escalation", in any process: records how the escalated group handled it,
 * with its note. Taking over makes the supervisors candidates of their party's operators' open tasks
 * of the instance beside the operators, so either may complete them; nobody is taken off a task.
 */
@Component
public class RecordEscalationHandlingListener implements TaskListener {

  private final EscalationTask escalationTask;
  private final EscalationService escalations;
  private final CurrentActor actor;
  private final EngineAsSystem system;

  public RecordEscalationHandlingListener(EscalationTask escalationTask, EscalationService escalations,
      CurrentActor actor, EngineAsSystem system) {
    this.escalationTask = escalationTask;
    this.escalations = escalations;
    this.actor = actor;
    this.system = system;
  }

  @Override
  public void notify(DelegateTask task) {
    EscalationHandling handling = EscalationHandling.parse(FormFields.textField(task, ESCALATION_HANDLING));
    var process = escalationTask.processOf(task.getExecution());
    var escalation = escalations.handle(process, escalationTask.escalationId(task.getExecution()),
        task.getProcessInstanceId(), handling, FormFields.textField(task, ESCALATION_NOTE), actor.require());
    if (handling == EscalationHandling.TAKEN_OVER) {
      String operators = escalations.lateOperators(process, escalation).orElseThrow();
      TaskService tasks = task.getProcessEngineServices().getTaskService();
      var late = system.run(() -> tasks.createTaskQuery().processInstanceId(task.getProcessInstanceId())
          .taskCandidateGroup(operators).active().list());
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
}
