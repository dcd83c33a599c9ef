package io.optoutchain.release.process;

import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

@Component
public class CheckReleaseExclusionsDelegate implements JavaDelegate {

  private final ReleaseService releases;

  public CheckReleaseExclusionsDelegate(ReleaseService releases) {
    this.releases = releases;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long releaseId = releases.releaseOf(execution.getProcessInstanceId());
    execution.setVariable(ReleaseVariables.OPT_OUTS_EXCLUDED, releases.excludesEveryOptOut(releaseId));
  }
}
