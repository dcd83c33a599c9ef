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
  private final CurrentActor actor;

  public RecordRecallStepListener(RecallService recalls, CurrentActor actor) {
    this.recalls = recalls;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    recalls.recordStep((Long) task.getVariable(RecallVariables.RECALL_ID),
        (Long) task.getVariable(RecallVariables.TARGET_ID), task.getTaskDefinitionKey(),
        FormFields.textField(task, RecallVariables.STEP_NOTE), actor.requireParty());
    FormFields.removeFields(task, RecallVariables.STEP_NOTE);
  }
}
