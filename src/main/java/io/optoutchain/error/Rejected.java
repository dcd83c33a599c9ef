package io.optoutchain.error;

/**
 * A request the product refuses, with the field at fault (if any) and a reason a person can act
 * on. Thrown before anything is written, or inside the transaction that is then rolled back.
 */
public class Rejected extends RuntimeException {

  public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN }


  private final Kind kind;
  private final String field;

  private Rejected(Kind kind, String field, String reason) {
    super(reason);
    this.kind = kind;
    this.field = field;
  }

  public static Rejected invalid(String field, String reason) {
    return new Rejected(Kind.INVALID, field, reason);
  }

  public static Rejected notFound(String reason) {
    return new Rejected(Kind.NOT_FOUND, null, reason);
  }

  public static Rejected conflict(String reason) {
    return new Rejected(Kind.CONFLICT, null, reason);
  }

  public static Rejected forbidden(String reason) {
    return new Rejected(Kind.FORBIDDEN, null, reason);
  }

  /** A value the caller sent, as a refusal may show it: at most 64 characters, never the whole of a long one. */
  public static String shown(String value) {
    if (value == null) {
      return "nothing";
    }
    return Bounded.text(value, Bounded.NAME);
  }

  public Kind kind() {
    return kind;
  }

  public String field() {
    return field;
  }
}
