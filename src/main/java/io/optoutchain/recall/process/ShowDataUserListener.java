package io.optoutchain.recall.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Names the data user on its stop-of-use tasks, so the form can show whom to contact. */
@Component
public class ShowDataUserListener implements TaskListener {

  private final RecallBeans recall;

  public ShowDataUserListener(RecallBeans recall) {
    this.recall = recall;
  }

  @Override
  public void notify(DelegateTask task) {
    Long targetId = (Long) task.getVariable(RecallVariables.TARGET_ID);
    task.setVariableLocal(RecallVariables.DATA_USER, recall.target(task.getExecution(), targetId).dataUser());
  }
}
