package io.optoutchain.error;

/**
 * A request the product refuses, with the field at fault (if any) and a reason a person can act
 * on. Thrown before anything is written, or inside the transaction that is then rolled back.
 *
 * <p>Operators read refusals in a Japanese Tasklist: the reason is written in Japanese with the
 * English beside it, "件数は0以上で入力してください / the count cannot be negative", and that whole
 * text is the message every channel shows.
 */
public class Rejected extends RuntimeException {

  public enum Kind {
    INVALID(400), NOT_FOUND(404), CONFLICT(409), FORBIDDEN(403);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status every channel answers this refusal with. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  /** Between the Japanese reason and the English one. */
  public static final String BESIDE = " / ";

  private final Kind kind;
  private final String field;
  private final String japanese;
  private final String english;

  private Rejected(Kind kind, String field, String japanese, String english) {
    super(japanese + BESIDE + english);
    this.kind = kind;
    this.field = field;
    this.japanese = japanese;
    this.english = english;
  }

  public static Rejected invalid(String field, String japanese, String english) {
    return new Rejected(Kind.INVALID, field, japanese, english);
  }

  public static Rejected notFound(String japanese, String english) {
    return new Rejected(Kind.NOT_FOUND, null, japanese, english);
  }

  public static Rejected conflict(String japanese, String english) {
    return new Rejected(Kind.CONFLICT, null, japanese, english);
  }

  public static Rejected forbidden(String japanese, String english) {
    return new Rejected(Kind.FORBIDDEN, null, japanese, english);
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

  /** The reason in Japanese alone, for a refusal that quotes another. */
  public String japanese() {
    return japanese;
  }

  /** The reason in English alone, as the server log keeps it. */
  public String english() {
    return english;
  }
}
