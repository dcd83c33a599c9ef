package io.optoutchain.reporting;

/** One monthly report's subject: a hospital's period towards its final recipient. */
public record PeriodRef(String hospitalId, ReportingPeriod period, String finalRecipient) {

  /** The business key of the monthly report process instance: {@code <hospital>:<YYYY-MM>:<recipient>}. */
  public String businessKey() {
    return hospitalId + ":" + period.label() + ":" + finalRecipient;
  }

  /** The subject named by a business key of {@link #businessKey()}'s form. */
  public static PeriodRef ofBusinessKey(String businessKey) {
    String[] parts = businessKey.split(":", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a monthly report's business key: " + businessKey);
    }
    return new PeriodRef(parts[0], ReportingPeriod.parse(parts[1]), parts[2]);
  }
}
