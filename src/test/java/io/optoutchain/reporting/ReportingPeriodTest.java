package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportingPeriodTest {

  @Test
  void labelIsStrictlyYearDashMonth() {
    assertThat(ReportingPeriod.parse("2024-12").lastDay()).isEqualTo(LocalDate.of(2024, 12, 31));
    for (String bad : new String[] {"2024-13", "2024-1", "202412", "Dec 2024", "", null}) {
      assertThatThrownBy(() -> ReportingPeriod.parse(bad)).isInstanceOf(Rejected.class)
          .extracting(e -> ((Rejected) e).field()).isEqualTo("period");
    }
  }

  @Test
  void entryBelongsToTheMonthItWasReceivedIn() {
    assertThat(ReportingPeriod.of(LocalDate.of(2024, 12, 9)).label()).isEqualTo("2024-12");
    assertThat(ReportingPeriod.parse("2024-12").contains(LocalDate.of(2025, 1, 1))).isFalse();
  }

  @Test
  void theLastMonthDueIsThePreviousOneFromItsCloseDayOnAndTheOneBeforeUntilThen() {
    assertThat(ReportingPeriod.lastClosedBy(LocalDate.of(2025, 1, 2), 3)).isEqualTo(ReportingPeriod.parse("2024-11"));
    assertThat(ReportingPeriod.lastClosedBy(LocalDate.of(2025, 1, 3), 3)).isEqualTo(ReportingPeriod.parse("2024-12"));
    assertThat(ReportingPeriod.lastClosedBy(LocalDate.of(2025, 1, 31), 3)).isEqualTo(ReportingPeriod.parse("2024-12"));
  }
}
