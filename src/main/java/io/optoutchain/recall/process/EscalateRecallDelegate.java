package io.optoutchain.recall.process;

import io.optoutchain.recall.RecallService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** A recall deadline passed: the escalated group is recorded and made a candidate of the open tasks. */
@Component
public class EscalateRecallDelegate implements JavaDelegate {

  private final RecallService recalls;
  private final RecallBeans recall;
  private final TaskService taskService;

  public EscalateRecallDelegate(RecallService recalls, RecallBeans recall, TaskService taskService) {
    this.recalls = recalls;
    this.recall = recall;
    this.taskService = taskService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String group = (String) execution.getVariableLocal(RecallVariables.ESCALATED_GROUP);
    recalls.recordEscalation(recall.recallOf(execution).id(),
        execution.getCurrentActivityId(), group);
    taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active().list()
        .forEach(task -> taskService.addCandidateGroup(task.getId(), group));
  }
}
