package io.optoutchain.reporting.process;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the period closer's schedule ({@code optout.reporting.close-cron}, {@code -} for off). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfiguration {}
