package io.optoutchain.intake.process;

import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.Clock;
import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Names an intake task for its request, as the monthly report's tasks are named for theirs: the step's
 * own name, then the hospital's display name with its id, the request's number and a date, e.g.
 * "受付を確認 / Confirm the request received — Demo Hospital A / デモ病院A (hospital-a) #12 2025-01-08".
 * The hospital's own task carries the day the request was first received; a hop's task (and an
 * escalation's) the day it reached that hop, since a hop states the day received blind.
 */
@Component
public class NameIntakeTaskListener implements TaskListener {

  /** The engine stores a task name in 255 characters; a long display name gives way, never the number. */
  private static final int HOSPITAL_NAME_MAX = 100;

  private final IntakeRouting routing;
  private final PartyDirectory directory;
  private final Clock clock;

  public NameIntakeTaskListener(IntakeRouting routing, PartyDirectory directory, Clock clock) {
    this.routing = routing;
    this.directory = directory;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    IntakeRequest request = routing.request(task.getExecution());
    LocalDate date = ProcessKeys.TASK_IDENTIFY_PATIENT.equals(task.getTaskDefinitionKey()) ? request.receivedOn()
        : LocalDate.ofInstant(clock.instant(), ReportingPeriod.ZONE);
    task.setName(task.getName() + " — " + hospital(request.hospitalId()) + " #" + request.id() + " " + date);
  }

  private String hospital(String hospitalId) {
    String name = directory.party(hospitalId).map(Party::name).orElse(hospitalId);
    if (name.length() > HOSPITAL_NAME_MAX) {
      name = name.substring(0, HOSPITAL_NAME_MAX - 1) + "…";
    }
    return name.contains(hospitalId) ? name : name + " (" + hospitalId + ")";
  }
}
