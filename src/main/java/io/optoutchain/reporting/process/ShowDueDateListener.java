package io.optoutchain.reporting.process;

import io.optoutchain.reporting.ReportingPeriod;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/** Puts the task's due date, in Japan's time, where its form can show it. */
@Component
public class ShowDueDateListener implements TaskListener {

  private static final DateTimeFormatter TOKYO_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  @Override
  public void notify(DelegateTask task) {
    if (task.getDueDate() != null) {
      task.setVariableLocal(ReportVariables.DUE_ON,
          TOKYO_MINUTES.format(task.getDueDate().toInstant().atZone(ReportingPeriod.ZONE)) + " (JST)");
    }
  }
}
