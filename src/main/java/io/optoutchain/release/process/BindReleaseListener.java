package io.optoutchain.release.process;

import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On the start event: binds the release the controller just registered to this process instance,
 * in the registering transaction. The one read of the releaseId variable, and guarded: only a
 * release still CHECKING and bound to no process can be bound, once. Every later step finds its
 * release by the process instance.
 */
@Component
public class BindReleaseListener implements ExecutionListener {

  private final ReleaseService releases;

  public BindReleaseListener(ReleaseService releases) {
    this.releases = releases;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object releaseId = execution.getVariable(ReleaseVariables.RELEASE_ID);
    if (!(releaseId instanceof Long id)) {
      throw new IllegalStateException("a dataset release starts only from a registered release");
    }
    releases.bindProcessInstance(id, execution.getProcessInstanceId());
  }
}
