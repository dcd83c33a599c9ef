package io.optoutchain.intake.process;

import io.optoutchain.calendar.BusinessCalendar;
import io.optoutchain.intake.IntakeProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * The dates the intake's timers and due dates are set to, from configuration, counted in Japanese
 * business days. The BPMN names them through this bean, so no duration is written into the process.
 */
@Component("intakeDeadlines")
public class IntakeDeadlines {

  /** The waits of the intake. */
  public enum Wait { IDENTIFICATION, HOP }

  private final IntakeProperties properties;
  private final BusinessCalendar calendar;
  private final Clock clock;

  public IntakeDeadlines(IntakeProperties properties, BusinessCalendar calendar, Clock clock) {
    this.properties = properties;
    this.calendar = calendar;
    this.clock = clock;
  }

  /** When a wait that starts now falls due; the late party's supervisors hear of it then. */
  public Date due(String wait) {
    return Date.from(calendar.after(clock.instant(), dueAfter(Wait.valueOf(wait))));
  }

  /** When a wait that starts now, still undone, reaches the late party's compliance officer. */
  public Date overdueToCompliance(String wait) {
    Instant due = calendar.after(clock.instant(), dueAfter(Wait.valueOf(wait)));
    return Date.from(calendar.after(due, properties.complianceAfterOverdue()));
  }

  private Duration dueAfter(Wait wait) {
    return switch (wait) {
      case IDENTIFICATION -> properties.identificationDue();
      case HOP -> properties.hopDue();
    };
  }
}
