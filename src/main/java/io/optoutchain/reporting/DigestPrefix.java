package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The first 8 hex digits of a report's digest, as an operator may type or paste them: the one
 * place both the receiver's acknowledgement and the hospital's declaration read them.
 *
 * <p>What people paste is accepted: upper case (what Windows {@code certutil} and
 * {@code Get-FileHash} print), spaces anywhere, full-width digits and letters (a Japanese input
 * method's), and the whole 64-digit digest, which is cut to its first 8. Anything else is refused
 * with the field named, never silently changed into something else.
 */
public final class DigestPrefix {

  private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{8}");
  private static final Pattern FULL_DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private DigestPrefix() {}

  /**
   * The 8 lowercase hex digits the operator meant, or a refusal naming {@code field}.
   *
   * @param what the field as the form labels it, e.g. "受け取ったダイジェスト / the digest you received"
   */
  public static String normalise(String field, String value, String whatJapanese, String whatEnglish) {
    String text = value == null ? "" : value;
    text = Normalizer.normalize(text, Normalizer.Form.NFKC);
    text = SPACES.matcher(text).replaceAll("").toLowerCase(Locale.ROOT);
    if (FULL_DIGEST.matcher(text).matches()) {
      return text.substring(0, 8);
    }
    if (PREFIX.matcher(text).matches()) {
      return text;
    }
    throw Rejected.invalid(field,
        field + "（" + whatJapanese + "）: ダイジェストの先頭8桁を16進数（0-9, a-f）で入力してください。"
            + "大文字・空白・全角・64桁のダイジェスト全体も受け付けます。例: 3fa9c01b。受け取った値: '" + Rejected.shown(value) + "'",
        field + " (" + whatEnglish + "): enter the first 8 hex digits (0-9, a-f) of the digest;"
            + " upper case, spaces, full-width digits and the whole 64-digit digest are accepted, e.g. 3fa9c01b;"
            + " got '" + Rejected.shown(value) + "'");
  }
}
