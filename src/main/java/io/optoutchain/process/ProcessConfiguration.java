package io.optoutchain.process;

import io.optoutchain.reporting.ReportingPeriod;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ProcessConfiguration {

  @Bean
  Clock clock() {
    return new EngineClock(ReportingPeriod.ZONE);
  }
}
