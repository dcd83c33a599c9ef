package io.optoutchain.recall;

import io.optoutchain.error.Rejected;

/**
 * Which wait of a recall is late, as the escalation thrown in the recall's diagram names it. A data
 * user's stop is the producer's operators' work (their supervisors may take it over); the reports to
 * the regulators are the final recipient's compliance officer's (their supervisors acknowledge them).
 */
public enum RecallEscalationCause {
  UNCONFIRMED_STOP(true,
      "データ利用者の利用停止の確認が期限を過ぎています / The data user's confirmation that it stopped using the data is overdue"),
  MISSED_PRELIMINARY_DEADLINE(false,
      "内閣府・個人情報保護委員会への速報が期限を過ぎています / The preliminary report to the Cabinet Office and the PPC is overdue"),
  MISSED_FINAL_DEADLINE(false,
      "内閣府・個人情報保護委員会への確報が期限を過ぎています / The final report to the Cabinet Office and the PPC is overdue");

  private final boolean forADataUser;
  private final String described;

  RecallEscalationCause(boolean forADataUser, String described) {
    this.forADataUser = forADataUser;
    this.described = described;
  }

  /** Whether the late wait is one data user's stop, the producer's operators' work. */
  public boolean forADataUser() {
    return forADataUser;
  }

  /** In words, Japanese with English beside, for the escalated group's task. */
  public String described() {
    return described;
  }

  public static RecallEscalationCause parse(String code) {
    try {
      return valueOf(code);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Rejected.invalid("escalationCode", "図の上申コードが不正です: " + Rejected.shown(code),
          "the diagram's escalation code names no late wait of a recall; got " + Rejected.shown(code));
    }
  }
}
