package io.optoutchain.recall.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * A data user's confirmation is overdue. The escalation thrown for it is caught by the recall's one
 * escalation sub-process, at the process level, where the data user of this instance of the
 * per-data-user sub-process is out of sight. This hands its target id over, written right before the
 * escalation reads it in the same transaction, and as a transient variable that nobody can keep; the
 * escalation still checks that it is a data user of this recall before reading its producer from our
 * tables.
 */
@Component
public class HandOverLateDataUserListener implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    Long targetId = (Long) execution.getVariable(RecallVariables.TARGET_ID);
    var instance = execution.getProcessInstance();
    // The engine keeps a variable transient or persistent for a whole transaction: a persistent one of
    // this name, written by someone else, is overwritten as it is.
    TypedValue previous = instance.getVariableLocalTyped(RecallVariables.LATE_TARGET_ID);
    boolean writtenBySomeoneElse = previous != null && !previous.isTransient();
    instance.setVariableLocal(RecallVariables.LATE_TARGET_ID, Variables.longValue(targetId, !writtenBySomeoneElse));
  }
}
