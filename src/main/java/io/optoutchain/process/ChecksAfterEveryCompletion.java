package io.optoutchain.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whichever channel completes a user task (our API, Tasklist, {@code /engine-rest}), the checks that follow
 * it run once the completion has committed, in the same request (see {@link PendingChecks}): the operator
 * sees the next step at once, not when the job executor next polls (up to its max-wait). A listener on every
 * user task's completion, added as each process is parsed, so no diagram has to name it.
 */
@Component
public class ChecksAfterEveryCompletion extends AbstractProcessEnginePlugin {

  // The checks need the engine this plugin helps to build: looked up at the first completion.
  private final ObjectProvider<PendingChecks> checks;

  public ChecksAfterEveryCompletion(ObjectProvider<PendingChecks> checks) {
    this.checks = checks;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    TaskListener runChecksAfterCommit = task -> checks.getObject().runAfterCommit(task.getProcessInstanceId());
    List<BpmnParseListener> listeners = new ArrayList<>();
    if (configuration.getCustomPostBPMNParseListeners() != null) {
      listeners.addAll(configuration.getCustomPostBPMNParseListeners());
    }
    listeners.add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
            .addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, runChecksAfterCommit);
      }
    });
    configuration.setCustomPostBPMNParseListeners(listeners);
  }
}
