package io.optoutchain.release.process;

import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Records the release as provided, with the digest of its keys. */
@Component
public class RecordReleaseDelegate implements JavaDelegate {

  private final ReleaseService releases;

  public RecordReleaseDelegate(ReleaseService releases) {
    this.releases = releases;
  }

  @Override
  public void execute(DelegateExecution execution) {
    releases.recordReleased((Long) execution.getVariable(ReleaseVariables.RELEASE_ID));
  }
}
