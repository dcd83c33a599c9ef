package io.optoutchain.reporting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When periods close and how long each wait may last before it escalates. Durations are ISO-8601
 * ({@code P5D}); defaults in {@code application.yaml}.
 *
 * @param firstPeriod the first month ({@code YYYY-MM}) the chain reports through this product: no
 *     earlier month is started, and the provision gate requires every month from it to be reconciled
 * @param closeDay the day of the month (Asia/Tokyo) on which the previous month's reports start
 * @param closeCron when the period closer looks at the calendar ({@code -} turns it off)
 * @param declarationDue how long a hospital has to declare its count
 * @param sendDue how long the ledger keeper has to send the report once compiled
 * @param acknowledgementDue how long a receiver has to acknowledge a hop
 * @param appliedConfirmationDue how long the final recipient has, once every hop agreed, to confirm
 *     that its exclusion list applies the hospital's opt-outs
 * @param escalateToSupervisorsAfter how long a discrepancy stays with the responsible party's operators
 * @param escalateToComplianceAfter how long a discrepancy may stay open before it reaches the final
 *     recipient's compliance officer and the period becomes ESCALATED
 * @param complianceAfterOverdue how long past its due date a wait reaches the compliance officer
 * @param startChunkSize how many hospitals each transaction of a month's start for every hospital takes
 * @param startInBackground whether a month's start asked for over the API runs at once on a thread of
 *     its own ({@code false}: it waits for the closer's next tick, or for a test to drive it)
 */
@ConfigurationProperties("optout.reporting")
public record ReportingProperties(
    String firstPeriod,
    int closeDay,
    String closeCron,
    Duration declarationDue,
    Duration sendDue,
    Duration acknowledgementDue,
    Duration appliedConfirmationDue,
    Duration escalateToSupervisorsAfter,
    Duration escalateToComplianceAfter,
    Duration complianceAfterOverdue,
    int startChunkSize,
    boolean startInBackground) {

  public ReportingProperties {
    ReportingPeriod.parse(firstPeriod);
    if (closeDay < 1 || closeDay > 28) {
      throw new IllegalArgumentException("optout.reporting.close-day must be 1 to 28, not " + closeDay);
    }
    requirePositive("declaration-due", declarationDue);
    requirePositive("send-due", sendDue);
    requirePositive("acknowledgement-due", acknowledgementDue);
    requirePositive("applied-confirmation-due", appliedConfirmationDue);
    requirePositive("escalate-to-supervisors-after", escalateToSupervisorsAfter);
    requirePositive("escalate-to-compliance-after", escalateToComplianceAfter);
    requirePositive("compliance-after-overdue", complianceAfterOverdue);
    if (startChunkSize < 1 || startChunkSize > 10_000) {
      throw new IllegalArgumentException("optout.reporting.start-chunk-size must be 1 to 10000, not " + startChunkSize);
    }
    if (escalateToComplianceAfter.compareTo(escalateToSupervisorsAfter) <= 0) {
      throw new IllegalArgumentException(
          "optout.reporting.escalate-to-compliance-after must be longer than escalate-to-supervisors-after");
    }
  }

  public ReportingPeriod firstReportedPeriod() {
    return ReportingPeriod.parse(firstPeriod);
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("optout.reporting." + name + " must be a positive ISO-8601 duration");
    }
  }
}
