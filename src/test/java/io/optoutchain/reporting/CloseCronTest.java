package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.support.CronExpression;

/**
 * The closer's schedule as shipped (tests run with it off): on the close day from 00:30 Tokyo time, then
 * every hour, so a month start that failed part-way resumes within the hour.
 */
class CloseCronTest {

  @Test
  void theShippedCloseCronTicksAtHalfPastMidnightInTokyoAndEveryHourAfter() {
    var yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yaml"));
    CronExpression cron = CronExpression.parse(yaml.getObject().getProperty("optout.reporting.close-cron"));
    ZonedDateTime closeDay = ZonedDateTime.of(2025, 1, 3, 0, 0, 0, 0, ZoneId.of("Asia/Tokyo"));

    ZonedDateTime first = cron.next(closeDay);
    ZonedDateTime second = cron.next(first);

    assertThat(first).isEqualTo(closeDay.withMinute(30));
    assertThat(second).isEqualTo(first.plusHours(1));
  }
}
