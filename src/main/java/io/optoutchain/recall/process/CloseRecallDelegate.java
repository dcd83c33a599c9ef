package io.optoutchain.recall.process;

import io.optoutchain.recall.RecallService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

@Component
public class CloseRecallDelegate implements JavaDelegate {

  private final RecallService recalls;
  private final RecallBeans recall;

  public CloseRecallDelegate(RecallService recalls, RecallBeans recall) {
    this.recalls = recalls;
    this.recall = recall;
  }

  @Override
  public void execute(DelegateExecution execution) {
    recalls.close(recall.recallOf(execution).id());
  }
}
