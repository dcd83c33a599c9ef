package io.optoutchain.reporting.process;

import io.optoutchain.calendar.BusinessCalendar;
import io.optoutchain.reporting.ReportingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * The dates the monthly report's timers and due dates are set to, from configuration, counted in
 * Japanese business days. The BPMN names them through this bean, so no duration is written into
 * the process.
 */
@Component("reportDeadlines")
public class ReportDeadlines {

  /** The waits of the monthly report, each with its own due date. */
  public enum Wait { DECLARATION, SEND, ACKNOWLEDGEMENT, APPLIED_CONFIRMATION }

  private final ReportingProperties properties;
  private final BusinessCalendar calendar;
  private final Clock clock;

  public ReportDeadlines(ReportingProperties properties, BusinessCalendar calendar, Clock clock) {
    this.properties = properties;
    this.calendar = calendar;
    this.clock = clock;
  }

  /** When a wait that starts now falls due; its supervisors hear of it then. */
  public Date due(String wait) {
    return after(dueAfter(Wait.valueOf(wait)));
  }

  /** When a wait that starts now, still undone, reaches the final recipient's compliance officer. */
  public Date overdueToCompliance(String wait) {
    Instant due = calendar.after(Instant.now(clock), dueAfter(Wait.valueOf(wait)));
    return Date.from(calendar.after(due, properties.complianceAfterOverdue()));
  }

  /** When a discrepancy opened now reaches the responsible party's supervisors. */
  public Date discrepancyToSupervisors() {
    return after(properties.escalateToSupervisorsAfter());
  }

  /** When a discrepancy opened now reaches the final recipient's compliance officer. */
  public Date discrepancyToCompliance() {
    return after(properties.escalateToComplianceAfter());
  }

  private Duration dueAfter(Wait wait) {
    return switch (wait) {
      case DECLARATION -> properties.declarationDue();
      case SEND -> properties.sendDue();
      case ACKNOWLEDGEMENT -> properties.acknowledgementDue();
      case APPLIED_CONFIRMATION -> properties.appliedConfirmationDue();
    };
  }

  private Date after(Duration duration) {
    return Date.from(calendar.after(Instant.now(clock), duration));
  }
}
