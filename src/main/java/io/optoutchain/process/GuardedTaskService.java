package io.optoutchain.process;

import java.util.Map;
import org.camunda.bpm.engine.impl.TaskServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/** Camunda's task service, except that completing or resolving a task takes only its form's fields. */
final class GuardedTaskService extends TaskServiceImpl {

  private final TaskFormInput input;

  GuardedTaskService(TaskFormInput input) {
    this.input = input;
  }

  @Override
  public void complete(String taskId, Map<String, Object> variables) {
    input.requireOnlyFormFields(taskId, variables);
    super.complete(taskId, variables);
  }

  @Override
  public VariableMap completeWithVariablesInReturn(String taskId, Map<String, Object> variables,
      boolean deserializeValues) {
    input.requireOnlyFormFields(taskId, variables);
    return super.completeWithVariablesInReturn(taskId, variables, deserializeValues);
  }

  @Override
  public void resolveTask(String taskId, Map<String, Object> variables) {
    input.requireOnlyFormFields(taskId, variables);
    super.resolveTask(taskId, variables);
  }
}
