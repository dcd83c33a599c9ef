package io.optoutchain.recall.process;

import io.optoutchain.recall.RecallService;
import io.optoutchain.process.TaskWatchers;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** A recall deadline passed: the escalated group is recorded and follows the open tasks. */
@Component
public class EscalateRecallDelegate implements JavaDelegate {

  private final RecallService recalls;
  private final RecallBeans recall;
  private final TaskWatchers watchers;

  public EscalateRecallDelegate(RecallService recalls, RecallBeans recall, TaskWatchers watchers) {
    this.recalls = recalls;
    this.recall = recall;
    this.watchers = watchers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String group = (String) execution.getVariableLocal(RecallVariables.ESCALATED_GROUP);
    recalls.recordEscalation(recall.recallOf(execution).id(),
        execution.getCurrentActivityId(), group);
    watchers.follow(execution.getProcessInstanceId(), List.of(group));
  }
}
