package io.optoutchain.release.process;

import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Records the release as provided, with the digest of its keys, unless the ledger, checked again
 * with the release locked, now holds an opt-out of a patient in it.
 */
@Component
public class RecordReleaseDelegate implements JavaDelegate {

  private final ReleaseService releases;

  public RecordReleaseDelegate(ReleaseService releases) {
    this.releases = releases;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long releaseId = releases.releaseOf(execution.getProcessInstanceId());
    execution.setVariable(ReleaseVariables.RELEASED, releases.recordReleased(releaseId));
  }
}
