package io.optoutchain.recall.process;

import io.optoutchain.recall.RecallRepository;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * When a recall's instance starts: binds the recall, opened by the starter in the same transaction,
 * to this process instance. From here on every step finds its recall by the instance.
 */
@Component
public class AttachRecallListener implements ExecutionListener {

  private final RecallRepository recalls;

  public AttachRecallListener(RecallRepository recalls) {
    this.recalls = recalls;
  }

  @Override
  public void notify(DelegateExecution execution) {
    // Only the starter starts this process (no party may create instances): the business key is the
    // product's own at this moment, read once, here.
    long recallId = Long.parseLong(execution.getProcessBusinessKey().substring(RecallStarter.BUSINESS_KEY_PREFIX.length()));
    recalls.attachProcessInstance(recallId, execution.getProcessInstanceId());
    execution.setVariable(RecallVariables.RECALL_ID, recallId);
    execution.setVariable(RecallVariables.HOSPITAL_ID, recalls.recallOfProcessInstance(execution.getProcessInstanceId())
        .hospitalId());
  }
}
