package io.optoutchain.intake.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing "Identify the patient and enter the key": records the key the hospital computed, or that no
 * patient matches the call centre's reference.
 */
@Component
public class RecordIdentificationListener implements TaskListener {

  private final IntakeService intakes;
  private final CurrentActor actor;

  public RecordIdentificationListener(IntakeService intakes, CurrentActor actor) {
    this.intakes = intakes;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    var request = intakes.lock(task.getProcessInstanceId());
    StillOpen.require(task, request.id());
    intakes.identify(task.getProcessInstanceId(), FormFields.textField(task, IntakeVariables.PATIENT_KEY),
        Boolean.TRUE.equals(FormFields.booleanField(task, IntakeVariables.PATIENT_NOT_FOUND)), actor.requireParty());
    // The key lives in our table; the process keeps no copy of it.
    FormFields.removeFields(task, IntakeVariables.PATIENT_KEY, IntakeVariables.PATIENT_NOT_FOUND);
  }

  /** A task a concurrent request completed while this one waited for the request's row is a conflict. */
  static final class StillOpen {

    private StillOpen() {}

    static void require(DelegateTask task, long intakeId) {
      if (task.getProcessEngineServices().getTaskService().createTaskQuery().taskId(task.getId()).count() == 0) {
        throw Rejected.conflict("受付 " + intakeId + " のこのタスクは、同時に別の要求が完了しました。二重には記録していません",
            "this task of intake " + intakeId + " was completed by another request at the same time;"
            + " nothing was recorded twice");
      }
    }
  }
}
