package io.optoutchain.calendar;

import io.optoutchain.reporting.ReportingPeriod;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CalendarConfiguration {

  @Bean
  BusinessCalendar businessCalendar(CalendarProperties properties) {
    return new BusinessCalendar(ReportingPeriod.ZONE, properties.holidays(), properties.closureFrom(),
        properties.closureTo());
  }
}
