package io.optoutchain.reporting;

/** A version of a monthly report as stored: its figures, not its keys. */
public record SentReport(
    long id, int version, int periodCount, int supplementCount, String digest, String state, boolean delivered) {

  public int totalCount() {
    return periodCount + supplementCount;
  }
}
