package io.optoutchain.process;

import java.util.Map;
import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/** Camunda's form service, except that submitting a task's form takes only that form's fields. */
final class GuardedFormService extends FormServiceImpl {

  private final TaskFormInput input;

  GuardedFormService(TaskFormInput input) {
    this.input = input;
  }

  @Override
  public void submitTaskForm(String taskId, Map<String, Object> properties) {
    input.requireOnlyFormFields(taskId, properties);
    super.submitTaskForm(taskId, properties);
  }

  @Override
  public VariableMap submitTaskFormWithVariablesInReturn(String taskId, Map<String, Object> properties,
      boolean deserializeValues) {
    input.requireOnlyFormFields(taskId, properties);
    return super.submitTaskFormWithVariablesInReturn(taskId, properties, deserializeValues);
  }

  @Override
  public void submitTaskFormData(String taskId, Map<String, String> properties) {
    input.requireOnlyFormFields(taskId, properties);
    super.submitTaskFormData(taskId, properties);
  }
}
