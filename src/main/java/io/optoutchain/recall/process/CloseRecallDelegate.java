package io.optoutchain.recall.process;

import io.optoutchain.recall.RecallService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

@Component
public class CloseRecallDelegate implements JavaDelegate {

  private final RecallService recalls;

  public CloseRecallDelegate(RecallService recalls) {
    this.recalls = recalls;
  }

  @Override
  public void execute(DelegateExecution execution) {
    recalls.close((Long) execution.getVariable(RecallVariables.RECALL_ID));
  }
}
