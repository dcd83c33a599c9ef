package io.optoutchain.recall.process;

import io.optoutchain.recall.RecallRepository;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Names the data user on its stop-of-use tasks, so the form can show whom to contact. */
@Component
public class ShowDataUserListener implements TaskListener {

  private final RecallRepository recalls;

  public ShowDataUserListener(RecallRepository recalls) {
    this.recalls = recalls;
  }

  @Override
  public void notify(DelegateTask task) {
    Long targetId = (Long) task.getVariable(RecallVariables.TARGET_ID);
    task.setVariableLocal(RecallVariables.DATA_USER, recalls.target(targetId).dataUser());
  }
}
