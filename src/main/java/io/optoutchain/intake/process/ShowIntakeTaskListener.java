package io.optoutchain.intake.process;

import static io.optoutchain.intake.process.IntakeVariables.CALL_CENTRE;
import static io.optoutchain.intake.process.IntakeVariables.CALL_CENTRE_REFERENCE;
import static io.optoutchain.intake.process.IntakeVariables.DUE_ON;
import static io.optoutchain.intake.process.IntakeVariables.HANDED_OVER_ON;
import static io.optoutchain.intake.process.IntakeVariables.HOP;
import static io.optoutchain.intake.process.IntakeVariables.HOSPITAL;
import static io.optoutchain.intake.process.IntakeVariables.INTAKE_NUMBER;
import static io.optoutchain.intake.process.IntakeVariables.KIND;
import static io.optoutchain.intake.process.IntakeVariables.RECEIVED_ON;
import static io.optoutchain.intake.process.IntakeVariables.WHAT_DIFFERS;

import io.optoutchain.intake.IntakeRequest;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Tells an intake task's form what the request is, from our tables: its number, the hospital, the kind,
 * the due date and the hop. A hop's form never shows the key or the day received, which the hop states
 * blind; a re-check says what differed, never the hospital's figures. The hospital's identification form
 * shows the call centre, its reference and the day the call centre took the request. The due date is
 * also kept on the request, for the hospital's list.
 */
@Component
public class ShowIntakeTaskListener implements TaskListener {

  private static final DateTimeFormatter TOKYO_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final IntakeRouting routing;
  private final IntakeService intakes;
  private final PartyDirectory directory;
  private final Clock clock;

  public ShowIntakeTaskListener(IntakeRouting routing, IntakeService intakes, PartyDirectory directory, Clock clock) {
    this.routing = routing;
    this.intakes = intakes;
    this.directory = directory;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateTask task) {
    IntakeRequest request = routing.request(task.getExecution());
    task.setVariableLocal(INTAKE_NUMBER, Long.toString(request.id()));
    task.setVariableLocal(HOSPITAL, name(request.hospitalId()));
    task.setVariableLocal(KIND, request.kind() == OptOutKind.DELETE ? "削除 / Deletion" : "提供停止 / Stop of provision");
    task.setVariableLocal(HANDED_OVER_ON, LocalDate.ofInstant(clock.instant(), ReportingPeriod.ZONE).toString());
    if (task.getDueDate() != null) {
      task.setVariableLocal(DUE_ON,
          TOKYO_MINUTES.format(task.getDueDate().toInstant().atZone(ReportingPeriod.ZONE)) + " (JST)");
    }
    intakes.showDue(task.getProcessInstanceId(), task.getDueDate() == null ? null : task.getDueDate().toInstant());
    if (ProcessKeys.TASK_IDENTIFY_PATIENT.equals(task.getTaskDefinitionKey())) {
      task.setVariableLocal(CALL_CENTRE, name(request.enteredAtParty()));
      task.setVariableLocal(CALL_CENTRE_REFERENCE, request.callCentreReference());
      task.setVariableLocal(RECEIVED_ON, request.receivedOn().toString());
      return;
    }
    task.setVariableLocal(HOP, request.currentHop() + " / " + request.route().size() + " — " + name(request.hopParty())
        + (request.atLastHop() ? "（台帳管理者 / the ledger keeper）" : ""));
    if (ProcessKeys.TASK_RECHECK_INTAKE_HOP.equals(task.getTaskDefinitionKey())) {
      intakes.whatDiffers(task.getProcessInstanceId()).ifPresent(what -> task.setVariableLocal(WHAT_DIFFERS, what));
    }
  }

  private String name(String partyId) {
    String name = directory.party(partyId).map(Party::name).orElse(partyId);
    return name.contains(partyId) ? name : name + " (" + partyId + ")";
  }
}
