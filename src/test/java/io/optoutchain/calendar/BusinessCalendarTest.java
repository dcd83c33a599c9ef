package io.optoutchain.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private final BusinessCalendar calendar = new BusinessCalendar(TOKYO,
      List.of(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 13)), MonthDay.of(12, 29), MonthDay.of(1, 3));

  @Test
  void weekendsHolidaysAndTheYearEndClosureAreNotBusinessDays() {
    assertThat(calendar.isBusinessDay(LocalDate.of(2024, 12, 27))).isTrue();
    assertThat(calendar.isBusinessDay(LocalDate.of(2024, 12, 28))).isFalse(); // Saturday
    assertThat(calendar.isBusinessDay(LocalDate.of(2024, 12, 30))).isFalse(); // closure
    assertThat(calendar.isBusinessDay(LocalDate.of(2025, 1, 3))).isFalse(); // closure
    assertThat(calendar.isBusinessDay(LocalDate.of(2025, 1, 6))).isTrue();
    assertThat(calendar.isBusinessDay(LocalDate.of(2025, 1, 13))).isFalse(); // Coming of Age Day
  }

  @Test
  void daysCountAsBusinessDaysAcrossTheNewYearKeepingTheTimeOfDay() {
    Instant fridayMorning = Instant.parse("2024-12-27T01:00:00Z");

    assertThat(calendar.after(fridayMorning, Duration.ofDays(1))).isEqualTo(Instant.parse("2025-01-06T01:00:00Z"));
    assertThat(calendar.after(fridayMorning, Duration.ofDays(7))).isEqualTo(Instant.parse("2025-01-15T01:00:00Z"));
  }

  @Test
  void hoursBeyondWholeDaysAreElapsedTime() {
    assertThat(calendar.after(Instant.parse("2025-01-06T01:00:00Z"), Duration.parse("P1DT4H")))
        .isEqualTo(Instant.parse("2025-01-07T05:00:00Z"));
    assertThat(calendar.after(Instant.parse("2025-01-06T01:00:00Z"), Duration.parse("PT4H")))
        .isEqualTo(Instant.parse("2025-01-06T05:00:00Z"));
  }
}
