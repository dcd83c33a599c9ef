package io.optoutchain.reporting.process;

import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.PeriodRef;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Names a monthly report's task for its report: the step's own name, then the hospital's display
 * name (with its id, so searching "hospital-a" finds it) and the month, e.g. "受領した報告を確認 /
 * Acknowledge the report received — Demo Hospital A / デモ病院A (hospital-a) 2024-12". Tasklist lists
 * and searches task names, so among hundreds of hospitals an operator finds the one it looks for.
 */
@Component
public class NameTaskForItsReportListener implements TaskListener {

  /** The engine stores a task name in 255 characters; a long display name gives way, never the month. */
  private static final int HOSPITAL_NAME_MAX = 100;

  private final ReportRouting routing;
  private final PartyDirectory directory;

  public NameTaskForItsReportListener(ReportRouting routing, PartyDirectory directory) {
    this.routing = routing;
    this.directory = directory;
  }

  @Override
  public void notify(DelegateTask task) {
    PeriodRef ref = routing.report(task.getExecution());
    // The declaration is the hospital's for the month; every other step is one producer's report.
    String recipient = ProcessKeys.TASK_DECLARE_COUNT.equals(task.getTaskDefinitionKey()) ? ""
        : " → " + shortName(ref.finalRecipient());
    task.setName(task.getName() + " — " + hospital(ref.hospitalId()) + " " + ref.period().label() + recipient);
  }

  /** A party's short name: the first half of "Name / 名称". */
  private String shortName(String partyId) {
    return directory.party(partyId).map(Party::name).map(name -> name.split(" / ", 2)[0]).orElse(partyId);
  }

  private String hospital(String hospitalId) {
    String name = directory.party(hospitalId).map(Party::name).orElse(hospitalId);
    if (name.length() > HOSPITAL_NAME_MAX) {
      name = name.substring(0, HOSPITAL_NAME_MAX - 1) + "…";
    }
    return name.contains(hospitalId) ? name : name + " (" + hospitalId + ")";
  }
}
