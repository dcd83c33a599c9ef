package io.optoutchain.escalation.process;

import static java.util.stream.Collectors.toMap;

import io.optoutchain.escalation.Escalation;
import io.optoutchain.escalation.EscalationService;
import io.optoutchain.escalation.ProcessEscalations;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.springframework.stereotype.Component;

/**
 * Tells the escalation sub-process of any of our diagrams which escalation it handles and whose task
 * it is, from the process's escalation table. The one variable read is the id of the escalation,
 * which must name an escalation of this very instance in that table.
 */
@Component("escalationTask")
public class EscalationTask {

  private final Map<String, ProcessEscalations> processes;
  private final EscalationService escalations;

  public EscalationTask(List<ProcessEscalations> processes, EscalationService escalations) {
    this.processes = processes.stream().collect(toMap(ProcessEscalations::processKey, Function.identity()));
    this.escalations = escalations;
  }

  /** The escalations of the process this execution runs in. */
  public ProcessEscalations processOf(DelegateExecution execution) {
    ModelElementInstance element = execution.getBpmnModelElementInstance();
    while (element != null && !(element instanceof Process)) {
      element = element.getParentElement();
    }
    String key = element == null ? null : ((Process) element).getId();
    ProcessEscalations process = processes.get(key);
    if (process == null) {
      throw new IllegalStateException("process " + key + " draws an escalation but keeps no escalation table");
    }
    return process;
  }

  /** The escalation this escalation sub-process is about. */
  public Escalation escalation(DelegateExecution execution) {
    return escalations.escalation(processOf(execution), escalationId(execution), execution.getProcessInstanceId());
  }

  public long escalationId(DelegateExecution execution) {
    if (execution.getVariable(EscalationVariables.ESCALATION_ID) instanceof Number id) {
      return id.longValue();
    }
    throw new IllegalStateException(execution.getProcessInstanceId() + " handles no escalation here");
  }

  /** The candidate group of an escalation's own task: the group the escalation reached. */
  public String escalatedGroup(DelegateExecution execution) {
    return escalation(execution).escalatedTo();
  }
}
