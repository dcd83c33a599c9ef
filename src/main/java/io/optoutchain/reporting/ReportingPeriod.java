package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** A calendar month in Japan's time zone, labelled {@code YYYY-MM}: the unit of monthly reporting. */
public record ReportingPeriod(YearMonth month) implements Comparable<ReportingPeriod> {

  public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
  private static final Pattern LABEL = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  public static ReportingPeriod parse(String label) {
    if (label == null || !LABEL.matcher(label).matches()) {
      throw Rejected.invalid("period", "期間は YYYY-MM 形式の月です（例: 2024-12）。受け取った値: '" + label + "'", "a period is a month written YYYY-MM, e.g. 2024-12; got '" + label + "'");
    }
    return new ReportingPeriod(YearMonth.parse(label));
  }

  public static ReportingPeriod of(LocalDate date) {
    return new ReportingPeriod(YearMonth.from(date));
  }

  public String label() {
    return month.toString();
  }

  public LocalDate firstDay() {
    return month.atDay(1);
  }

  public LocalDate lastDay() {
    return month.atEndOfMonth();
  }

  public boolean contains(LocalDate date) {
    return YearMonth.from(date).equals(month);
  }

  public ReportingPeriod previous() {
    return new ReportingPeriod(month.minusMonths(1));
  }

  /**
   * The latest month whose reports are due to start by {@code today}: the previous month from its
   * close day on, the month before that until then. Every earlier month is due as well.
   */
  public static ReportingPeriod lastClosedBy(LocalDate today, int closeDayOfMonth) {
    ReportingPeriod previous = of(today).previous();
    return today.getDayOfMonth() >= closeDayOfMonth ? previous : previous.previous();
  }

  @Override
  public int compareTo(ReportingPeriod other) {
    return month.compareTo(other.month);
  }

  @Override
  public String toString() {
    return label();
  }
}
