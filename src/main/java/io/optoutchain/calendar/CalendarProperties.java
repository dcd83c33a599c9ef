package io.optoutchain.calendar;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The business calendar: national holidays (as published by the Cabinet Office; extend the list
 * each year) and the year-end closure, written {@code MM-DD}.
 */
@ConfigurationProperties("optout.calendar")
public record CalendarProperties(List<LocalDate> holidays, String yearEndClosureFrom, String yearEndClosureTo) {

  public CalendarProperties {
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
  }

  MonthDay closureFrom() {
    return monthDay("year-end-closure-from", yearEndClosureFrom);
  }

  MonthDay closureTo() {
    return monthDay("year-end-closure-to", yearEndClosureTo);
  }

  private static MonthDay monthDay(String name, String value) {
    try {
      return MonthDay.parse("--" + value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("optout.calendar." + name + " is a month and day written MM-DD, not " + value);
    }
  }
}
