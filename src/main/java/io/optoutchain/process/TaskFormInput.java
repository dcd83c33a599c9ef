package io.optoutchain.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.optoutchain.error.Rejected;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * A user's input to a task is only the fields of that task's form: the keys of the Camunda Form
 * deployed with it. Anything else (a hop, a hospital, a period, a release) is refused before the
 * engine sees it, whichever channel completes the task, so no one completes their own task and
 * rewrites the process around it.
 */
final class TaskFormInput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProcessEngineConfigurationImpl engine;

  TaskFormInput(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  /** Refuses, naming it, the first variable that is not a field of the task's form. */
  void requireOnlyFormFields(String taskId, Map<String, ?> variables) {
    if (variables == null || variables.isEmpty()) {
      return;
    }
    Set<String> fields = formFields(taskId);
    for (String name : new TreeSet<>(variables.keySet())) {
      if (!fields.contains(name)) {
        throw new FormFieldValidationException(name, "'" + truncated(name) + "' はこのタスクのフォームの項目ではありません。"
            + "入力できるのはフォームの項目 " + fields + " だけです" + Rejected.BESIDE
            + "'" + truncated(name) + "' is not a field of this task's form; a task takes only its form's fields " + fields);
      }
    }
  }

  private Set<String> formFields(String taskId) {
    return engine.getCommandExecutorTxRequired().execute(context -> {
      // The form is the product's, not the caller's: read it whatever the caller may read.
      context.disableAuthorizationCheck();
      TaskEntity task = context.getTaskManager().findTaskById(taskId);
      if (task == null) {
        return Set.<String>of();
      }
      task.initializeFormKey();
      if (task.getCamundaFormRef() == null) {
        return Set.<String>of();
      }
      try (InputStream form = engine.getFormService().getDeployedTaskForm(taskId)) {
        Set<String> keys = new TreeSet<>();
        collectKeys(JSON.readTree(form), keys);
        return keys;
      } catch (IOException e) {
        throw new UncheckedIOException("the form of task " + taskId + " cannot be read", e);
      }
    });
  }

  private static void collectKeys(JsonNode component, Set<String> keys) {
    if (component.hasNonNull("key") && !"text".equals(component.path("type").asText())) {
      keys.add(component.get("key").asText());
    }
    for (JsonNode child : component.path("components")) {
      collectKeys(child, keys);
    }
  }

  private static String truncated(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "…";
  }
}
