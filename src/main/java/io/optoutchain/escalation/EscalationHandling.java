package io.optoutchain.escalation;

import io.optoutchain.error.Rejected;

/**
 * How the group an escalation reached handles it, in every process. Acknowledging leaves the late
 * work with the party that must act; taking over lets the group work the late tasks beside the
 * party's operators. Nobody is ever taken off a task, so no escalation blocks the party that must act.
 */
public enum EscalationHandling {
  ACKNOWLEDGED,
  TAKEN_OVER;

  public static final int NOTE_MAX = 2000;

  /** Reads the handling chosen in the form, refused with a message the form can show. */
  public static EscalationHandling parse(String value) {
    try {
      return valueOf(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Rejected.invalid("escalationHandling", "「確認」(ACKNOWLEDGED) または「引き継ぐ」(TAKEN_OVER) を選んでください。受け取った値: "
          + Rejected.shown(value), "choose ACKNOWLEDGED or TAKEN_OVER; got " + Rejected.shown(value));
    }
  }

  /**
   * Whether the group an escalation reached may take the late work over: only the supervisors of the
   * party whose operators do that work. A compliance officer's decision or report (a release's approval,
   * the reports to the regulators) stays the compliance officer's, and no party works another's task.
   *
   * @param lateWorkIsOperators whether the late wait is operators' work, as the process knows it
   * @param escalatedToIsSupervisors whether the group reached is the supervisors of that work's party
   */
  public static boolean mayTakeOver(boolean lateWorkIsOperators, boolean escalatedToIsSupervisors) {
    return lateWorkIsOperators && escalatedToIsSupervisors;
  }

  /** The rules of handling one escalation, refused with a message the form can show. */
  public static void check(boolean mayTakeOver, EscalationHandling handling, String note) {
    if (handling == null) {
      throw Rejected.invalid("escalationHandling", "「確認」(ACKNOWLEDGED) または「引き継ぐ」(TAKEN_OVER) を選んでください",
          "choose ACKNOWLEDGED or TAKEN_OVER");
    }
    if (note != null && note.length() > NOTE_MAX) {
      throw Rejected.invalid("escalationNote", "メモは" + NOTE_MAX + "文字以内で入力してください",
          "the note takes at most " + NOTE_MAX + " characters");
    }
    if (handling == TAKEN_OVER && !mayTakeOver) {
      throw Rejected.invalid("escalationHandling", "引き継げるのは対応すべき組織の監督者だけです（担当者の作業に限ります）。確認とメモができます",
          "only the supervisors of the party whose operators must act take over; acknowledge with a note");
    }
    if (handling == TAKEN_OVER && (note == null || note.isBlank())) {
      throw Rejected.invalid("escalationNote", "引き継ぐ理由をメモに入力してください", "say in the note why you take over");
    }
  }
}
