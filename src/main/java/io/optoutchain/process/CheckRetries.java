package io.optoutchain.process;

import org.springframework.stereotype.Component;

/** The retry cycle of the checks' async continuations, for the BPMN ({@code ${checkRetries.cycle()}}). */
@Component
public class CheckRetries {

  private final ChecksProperties properties;

  public CheckRetries(ChecksProperties properties) {
    this.properties = properties;
  }

  public String cycle() {
    return properties.retryCycle();
  }
}
