package io.optoutchain.release.process;

import io.optoutchain.party.PartyGroups;
import io.optoutchain.release.ReleaseService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The approval is overdue: the producer's supervisors are recorded as escalated to, and become
 * candidates of the approval task, so they see it in Tasklist and can act on it.
 */
@Component
public class EscalateReleaseApprovalDelegate implements JavaDelegate {

  private final ReleaseService releases;
  private final PartyGroups groups;
  private final TaskService taskService;

  public EscalateReleaseApprovalDelegate(ReleaseService releases, PartyGroups groups, TaskService taskService) {
    this.releases = releases;
    this.groups = groups;
    this.taskService = taskService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long releaseId = releases.releaseOf(execution.getProcessInstanceId());
    String group = groups.supervisors(releases.find(releaseId).producer());
    releases.recordApprovalEscalation(releaseId, group, execution.getCurrentActivityId(),
        execution.getProcessInstanceId());
    taskService.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).active().list()
        .forEach(task -> taskService.addCandidateGroup(task.getId(), group));
  }
}
