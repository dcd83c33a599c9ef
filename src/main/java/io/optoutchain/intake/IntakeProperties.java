package io.optoutchain.intake;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each wait of the intake may last; ISO-8601 durations whose whole days count as Japanese
 * business days. Defaults in {@code application.yaml}.
 *
 * @param identificationDue how long the hospital has to identify the patient of a call centre's request
 * @param hopDue how long each hop of the intake route has to confirm (and, after a disagreement, to re-check)
 * @param complianceAfterOverdue how long past its due date a wait reaches the late party's compliance officer
 */
@ConfigurationProperties("optout.intake")
public record IntakeProperties(Duration identificationDue, Duration hopDue, Duration complianceAfterOverdue) {

  public IntakeProperties {
    requirePositive("identification-due", identificationDue);
    requirePositive("hop-due", hopDue);
    requirePositive("compliance-after-overdue", complianceAfterOverdue);
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("optout.intake." + name + " must be a positive ISO-8601 duration");
    }
  }
}
