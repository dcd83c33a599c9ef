package io.optoutchain.release.process;

import io.optoutchain.calendar.BusinessCalendar;
import io.optoutchain.release.ReleaseProperties;
import java.time.Clock;
import java.util.Date;
import org.springframework.stereotype.Component;

/** When the release process's timers fall due, from configuration, in business days. */
@Component("releaseDeadlines")
public class ReleaseDeadlines {

  private final ReleaseProperties properties;
  private final BusinessCalendar calendar;
  private final Clock clock;

  public ReleaseDeadlines(ReleaseProperties properties, BusinessCalendar calendar, Clock clock) {
    this.properties = properties;
    this.calendar = calendar;
    this.clock = clock;
  }

  /** When an approval that starts waiting now is overdue. */
  public Date approvalDue() {
    return Date.from(calendar.after(clock.instant(), properties.approvalDue()));
  }
}
