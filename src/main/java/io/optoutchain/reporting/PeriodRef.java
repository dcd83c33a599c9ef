package io.optoutchain.reporting;

/** One monthly report's subject: a hospital's period towards its final recipient. */
public record PeriodRef(String hospitalId, ReportingPeriod period, String finalRecipient) {

  /** The business key of the monthly report process instance. */
  public String businessKey() {
    return hospitalId + ":" + period.label();
  }
}
