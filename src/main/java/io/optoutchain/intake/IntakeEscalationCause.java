package io.optoutchain.intake;

import io.optoutchain.error.Rejected;

/**
 * What an escalation thrown in the intake's diagram says, as {@code LEVEL:CAUSE}: whom it reaches (the late
 * party's supervisors first, its compliance officer later) and which wait is late. A constant of the
 * diagram, set by the engine when the escalation is caught, never by a user.
 */
public record IntakeEscalationCause(Level level, Cause cause) {

  public enum Level { SUPERVISORS, COMPLIANCE }

  public enum Cause {
    OVERDUE_IDENTIFICATION("病院による患者の特定（キー登録）が期限を過ぎています / The hospital's identification of the patient is overdue"),
    OVERDUE_CONFIRMATION("受付経路の確認が期限を過ぎています / The hop's confirmation of the request is overdue"),
    OVERDUE_RECHECK("受付経路の再確認が期限を過ぎています / The hop's re-check of the request is overdue");

    private final String described;

    Cause(String described) {
      this.described = described;
    }

    /** In words, Japanese with English beside, for the escalated group's task. */
    public String described() {
      return described;
    }

    /** Whether the hospital is late (identifying the patient), rather than a hop of the route. */
    public boolean hospitalIsLate() {
      return this == OVERDUE_IDENTIFICATION;
    }
  }

  public static IntakeEscalationCause parse(String code) {
    String[] parts = code == null ? new String[0] : code.split(":", -1);
    try {
      return new IntakeEscalationCause(Level.valueOf(parts[0]), Cause.valueOf(parts[1]));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw Rejected.invalid("escalationCode", "図の上申コードが不正です: " + Rejected.shown(code),
          "the diagram's escalation code is LEVEL:CAUSE; got " + Rejected.shown(code));
    }
  }
}
