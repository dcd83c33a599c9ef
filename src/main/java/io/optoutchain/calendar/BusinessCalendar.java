package io.optoutchain.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Set;

/**
 * Japanese business days: no weekends, no national holidays from the configured list, and no
 * days of the year-end closure (by default 29 December to 3 January), when no party works.
 */
public class BusinessCalendar {

  private final ZoneId zone;
  private final Set<LocalDate> holidays;
  private final MonthDay closureFrom;
  private final MonthDay closureTo;

  public BusinessCalendar(ZoneId zone, Collection<LocalDate> holidays, MonthDay closureFrom, MonthDay closureTo) {
    this.zone = zone;
    this.holidays = Set.copyOf(holidays);
    this.closureFrom = closureFrom;
    this.closureTo = closureTo;
  }

  public boolean isBusinessDay(LocalDate date) {
    return date.getDayOfWeek() != DayOfWeek.SATURDAY
        && date.getDayOfWeek() != DayOfWeek.SUNDAY
        && !holidays.contains(date)
        && !inYearEndClosure(MonthDay.from(date));
  }

  private boolean inYearEndClosure(MonthDay day) {
    // The closure wraps the new year: from 29 December through 3 January.
    return closureFrom.isAfter(closureTo)
        ? !day.isBefore(closureFrom) || !day.isAfter(closureTo)
        : !day.isBefore(closureFrom) && !day.isAfter(closureTo);
  }

  /**
   * The moment {@code duration} after {@code from}, counting its whole days as business days
   * (the time of day is kept) and any remainder as elapsed time.
   */
  public Instant after(Instant from, Duration duration) {
    ZonedDateTime start = from.atZone(zone);
    long days = duration.toDays();
    LocalDate date = start.toLocalDate();
    for (long counted = 0; counted < days; ) {
      date = date.plusDays(1);
      if (isBusinessDay(date)) {
        counted++;
      }
    }
    return date.atTime(start.toLocalTime()).atZone(zone).plus(duration.minusDays(days)).toInstant();
  }
}
