package io.optoutchain.intake.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.intake.HopStatement;
import io.optoutchain.intake.IntakeService;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.FormFields;
import io.optoutchain.reporting.ReportingPeriod;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing "Confirm the request received" or its re-check: records what the hop stated, blind (the
 * key's first 8 hex digits and the day the request was first received). The comparison follows in the
 * diagram's next step, in the same transaction.
 */
@Component
public class RecordHopStatementListener implements TaskListener {

  private final IntakeService intakes;
  private final CurrentActor actor;

  public RecordHopStatementListener(IntakeService intakes, CurrentActor actor) {
    this.intakes = intakes;
    this.actor = actor;
  }

  @Override
  public void notify(DelegateTask task) {
    var request = intakes.lock(task.getProcessInstanceId());
    RecordIdentificationListener.StillOpen.require(task, request.id());
    HopStatement statement = HopStatement.of(FormFields.textField(task, HopStatement.KEY_PREFIX),
        date(task.getVariable(HopStatement.RECEIVED_ON)));
    intakes.state(task.getProcessInstanceId(), statement, actor.requireParty());
    FormFields.removeFields(task, HopStatement.KEY_PREFIX, HopStatement.RECEIVED_ON);
  }

  /** The day as a form sends it ("2024-12-09", full-width digits too) or as a client sends a Date. */
  static LocalDate date(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      return LocalDate.ofInstant(date.toInstant(), ReportingPeriod.ZONE);
    }
    String text = Normalizer.normalize(value.toString(), Normalizer.Form.NFKC).trim().replace('/', '-');
    try {
      return LocalDate.parse(text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw Rejected.invalid(HopStatement.RECEIVED_ON, "受付日は 2024-12-09 の形で入力してください。受け取った値: '"
          + Rejected.shown(value.toString()) + "'", "the day received is a date such as 2024-12-09; got '"
          + Rejected.shown(value.toString()) + "'");
    }
  }
}
