package io.optoutchain.release.process;

import io.optoutchain.escalation.process.EscalationVariables;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.TaskWatchers;
import io.optoutchain.release.ReleaseService;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The approval is overdue: the producer's supervisors are recorded as escalated to, follow the
 * approval task in Tasklist (see {@link TaskWatchers}) and get a task of their own; the decision
 * stays the compliance officer's.
 */
@Component
public class EscalateReleaseApprovalDelegate implements JavaDelegate {

  private final ReleaseService releases;
  private final PartyGroups groups;
  private final TaskWatchers watchers;

  public EscalateReleaseApprovalDelegate(ReleaseService releases, PartyGroups groups, TaskWatchers watchers) {
    this.releases = releases;
    this.groups = groups;
    this.watchers = watchers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long releaseId = releases.releaseOf(execution.getProcessInstanceId());
    String group = groups.supervisors(releases.find(releaseId).producer());
    long escalationId = releases.recordApprovalEscalation(releaseId, group, execution.getProcessInstanceId());
    watchers.follow(execution.getProcessInstanceId(), List.of(group));
    execution.setVariableLocal(EscalationVariables.ESCALATION_ID, escalationId);
  }
}
