package io.optoutchain.intake.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.party.Actor;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.process.ProcessKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The API's way into the intake's user tasks: the task a request waits at, found through our table, is
 * completed as the caller with the fields its Tasklist form submits, so both channels run the same
 * listeners and the engine refuses a party whose task it is not.
 */
@Service
public class IntakeTasks {

  private final TaskService taskService;
  private final EngineAsSystem asSystem;

  public IntakeTasks(TaskService taskService, EngineAsSystem asSystem) {
    this.taskService = taskService;
    this.asSystem = asSystem;
  }

  /**
   * Once the completion has committed, the check that follows it runs (see {@link
   * io.optoutchain.process.ChecksAfterEveryCompletion}).
   */
  @Transactional
  public void complete(IntakeRequest request, String what, Map<String, Object> fields, String... taskKeys) {
    Task task = asSystem.run(() -> taskService.createTaskQuery().processInstanceId(request.processInstanceId())
        .taskDefinitionKeyIn(taskKeys).active().singleResult());
    if (task == null) {
      throw Rejected.conflict("受付 " + request.id() + " は" + what + "を待っていません（" + request.state().described() + "）",
          "intake " + request.id() + " is not waiting for " + what + " (" + request.state().described() + ")");
    }
    try {
      taskService.complete(task.getId(), fields);
    } catch (AuthorizationException | NullValueException | NullPointerException e) {
      if (asSystem.run(() -> taskService.createTaskQuery().taskId(task.getId()).count()) == 0) {
        throw Rejected.conflict("受付 " + request.id() + " のこのタスクは、別の要求が先に完了しました",
            "this task of intake " + request.id() + " was completed by another request first");
      }
      throw e;
    }
  }

  public record OpenTask(String taskId, String taskKey, String name, long intakeId, String hospitalId,
      Instant created, Instant due) {}

  /** The open intake tasks a user's groups may work on, oldest due first. */
  @Transactional(readOnly = true)
  public List<Task> openTasks(Actor actor, int first, int max) {
    if (actor.groups().isEmpty()) {
      return List.of();
    }
    return taskService.createTaskQuery().processDefinitionKey(ProcessKeys.INTAKE)
        .taskCandidateGroupIn(List.copyOf(actor.groups())).active()
        .orderByDueDate().asc().orderByTaskCreateTime().asc().listPage(first, max);
  }
}
