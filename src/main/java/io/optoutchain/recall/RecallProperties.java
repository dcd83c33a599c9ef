package io.optoutchain.recall;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deadlines of a recall, ISO-8601 elapsed time from when the late opt-out was recorded.
 *
 * @param preliminaryReportDue the preliminary report to the Cabinet Office and the PPC
 * @param finalReportDue the final report to both
 * @param confirmationDue a data user's confirmation that it stopped using the data, before escalation
 */
@ConfigurationProperties("optout.recall")
public record RecallProperties(Duration preliminaryReportDue, Duration finalReportDue, Duration confirmationDue) {}
