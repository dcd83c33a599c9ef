package io.optoutchain.reporting.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.reporting.EscalationLevel;

/**
 * What an escalation thrown in the monthly report's diagram says, as {@code LEVEL:CAUSE} (e.g.
 * {@code SUPERVISORS:OVERDUE_DECLARATION}): whom it reaches and which wait is late. The code is a
 * constant of the diagram, set by the engine when the escalation is caught, never by a user.
 */
record EscalationCode(EscalationLevel level, Cause cause) {

  /** Which wait is late, and so which role of the report must act. */
  enum Cause {
    OVERDUE_DECLARATION(ReportRole.HOSPITAL, "病院の件数申告が期限を過ぎています / The hospital's declaration is overdue"),
    OVERDUE_REPORT(ReportRole.LEDGER_KEEPER, "台帳管理者の報告送付が期限を過ぎています / The ledger keeper's report is overdue"),
    OVERDUE_ACKNOWLEDGEMENT(ReportRole.HOP_RECEIVER,
        "受領者の受領確認が期限を過ぎています / The receiver's acknowledgement is overdue"),
    UNRESOLVED_DISCREPANCY(ReportRole.RESPONSIBLE_PARTY, "不一致が期限までに解消されていません / A discrepancy is still unresolved"),
    OVERDUE_APPLIED_CONFIRMATION(ReportRole.FINAL_RECIPIENT,
        "最終受領者の適用確認が期限を過ぎています / The final recipient's confirmation that it applied the opt-outs is overdue");

    private final ReportRole mustAct;
    private final String described;

    Cause(ReportRole mustAct, String described) {
      this.mustAct = mustAct;
      this.described = described;
    }

    ReportRole mustAct() {
      return mustAct;
    }

    /** In words, Japanese with English beside, for the escalated group's task. */
    String described() {
      return described;
    }
  }

  static EscalationCode parse(String code) {
    String[] parts = code == null ? new String[0] : code.split(":", -1);
    try {
      return new EscalationCode(EscalationLevel.valueOf(parts[0]), Cause.valueOf(parts[1]));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw Rejected.invalid("escalationCode", "図の上申コードが不正です: " + Rejected.shown(code),
          "the diagram's escalation code is LEVEL:CAUSE; got " + Rejected.shown(code));
    }
  }
}
