package io.optoutchain.recall.process;

import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.recall.RecallService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** On completing any recall task: records the step (the task's id), for which data user, by whom, with the note. */
@Component
public class RecordRecallStepListener implements TaskListener {

  private final RecallService recalls;
  private final RecallBeans recall;
  private final CurrentActor actor;

  public RecordRecallStepListener(RecallService recalls, RecallBeans recall, CurrentActor actor) {
    this.recalls = recalls;
    this.recall = recall;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    long recallId = recall.recallOf(task.getExecution()).id();
    Long targetId = (Long) task.getVariable(RecallVariables.TARGET_ID);
    if (targetId != null) {
      recall.target(task.getExecution(), targetId);
    }
    recalls.recordStep(recallId, targetId, task.getTaskDefinitionKey(),
        FormFields.textField(task, RecallVariables.STEP_NOTE), actor.requireParty());
    FormFields.removeFields(task, RecallVariables.STEP_NOTE);
  }
}
