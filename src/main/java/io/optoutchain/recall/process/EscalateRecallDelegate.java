package io.optoutchain.recall.process;

import io.optoutchain.escalation.process.EscalationVariables;
import io.optoutchain.process.TaskWatchers;
import io.optoutchain.recall.RecallEscalationCause;
import io.optoutchain.recall.RecallService;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The one escalation rule of a recall, for every late wait: a data user's overdue stop reaches the
 * supervisors of the producer that provided it the data, a missed regulator deadline the final
 * recipient's supervisors; both groups from our tables. The escalation is recorded, the group follows
 * the recall's open tasks (see {@link TaskWatchers}) and gets a task of its own.
 */
@Component
public class EscalateRecallDelegate implements JavaDelegate {

  private final RecallService recalls;
  private final RecallBeans recall;
  private final TaskWatchers watchers;

  public EscalateRecallDelegate(RecallService recalls, RecallBeans recall, TaskWatchers watchers) {
    this.recalls = recalls;
    this.recall = recall;
    this.watchers = watchers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var cause = RecallEscalationCause.parse((String) execution.getVariable(EscalationVariables.ESCALATION_CODE));
    Long targetId = cause.forADataUser() ? lateTarget(execution) : null;
    String group = cause.forADataUser() ? recall.producerSupervisors(execution, targetId)
        : recall.recipientSupervisors(execution);
    long escalationId = recalls.recordEscalation(recall.recallOf(execution).id(), targetId, cause, group,
        execution.getProcessInstanceId());
    watchers.follow(execution.getProcessInstanceId(), List.of(group));
    execution.setVariableLocal(EscalationVariables.ESCALATION_ID, escalationId);
  }

  private static Long lateTarget(DelegateExecution execution) {
    if (execution.getVariable(RecallVariables.LATE_TARGET_ID) instanceof Long targetId) {
      return targetId;
    }
    throw new IllegalStateException("an overdue stop was escalated without naming its data user");
  }
}
