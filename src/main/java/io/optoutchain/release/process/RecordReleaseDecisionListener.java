package io.optoutchain.release.process;

import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** On completing "Approve the release": records the compliance officer's decision and reason. */
@Component
public class RecordReleaseDecisionListener implements TaskListener {

  private final ReleaseService releases;
  private final CurrentActor actor;

  public RecordReleaseDecisionListener(ReleaseService releases, CurrentActor actor) {
    this.releases = releases;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    Boolean approved = FormFields.booleanField(task, ReleaseVariables.APPROVED);
    releases.decide(releases.releaseOf(task.getProcessInstanceId()), approved,
        FormFields.textField(task, ReleaseVariables.DECISION_REASON), actor.requireParty());
    // The gateway reads the decision as a boolean, whichever channel sent it.
    task.getExecution().setVariable(ReleaseVariables.APPROVED, approved);
    FormFields.removeFields(task, ReleaseVariables.DECISION_REASON);
  }
}
