package io.optoutchain.error;

/** Caller-supplied text shortened before it is echoed, logged or recorded, so its size is ours to choose. */
public final class Bounded {

  /** A user id, a field name, a value quoted back: enough to recognise it. */
  public static final int NAME = 64;
  /** A whole refusal message: ours are a sentence or two, in Japanese and again in English. */
  public static final int MESSAGE = 600;

  private Bounded() {}

  public static String text(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "…(" + text.length() + " characters)";
  }
}
