package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;

/**
 * How the group an escalation reached handles it. Acknowledging leaves the late task with the party
 * that must act; taking over lets the group work that task beside the party's operators. Only the
 * party's own supervisors may take over: a party never works another party's task.
 */
public enum EscalationHandling {
  ACKNOWLEDGED,
  TAKEN_OVER;

  public static final int NOTE_MAX = 2000;

  /** The rules of handling one escalation, refused with a message the form can show. */
  public static void check(EscalationLevel level, EscalationHandling handling, String note) {
    if (handling == null) {
      throw Rejected.invalid("escalationHandling", "「確認」(ACKNOWLEDGED) または「引き継ぐ」(TAKEN_OVER) を選んでください",
          "choose ACKNOWLEDGED or TAKEN_OVER");
    }
    if (note != null && note.length() > NOTE_MAX) {
      throw Rejected.invalid("escalationNote", "メモは" + NOTE_MAX + "文字以内で入力してください",
          "the note takes at most " + NOTE_MAX + " characters");
    }
    if (handling == TAKEN_OVER && level != EscalationLevel.SUPERVISORS) {
      throw Rejected.invalid("escalationHandling", "引き継げるのは対応すべき組織の監督者だけです。コンプライアンス責任者は確認とメモができます",
          "only the supervisors of the party that must act take over; a compliance officer acknowledges and notes");
    }
    if (handling == TAKEN_OVER && (note == null || note.isBlank())) {
      throw Rejected.invalid("escalationNote", "引き継ぐ理由をメモに入力してください", "say in the note why you take over");
    }
  }
}
