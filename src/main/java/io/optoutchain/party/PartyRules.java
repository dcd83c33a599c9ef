package io.optoutchain.party;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a party's own fields must be, whether they come from the API, the page or a line of a CSV
 * file. The rules that involve other parties (a hospital's chain, a route's recipient) are checked
 * where the party is saved, in its transaction.
 */
public final class PartyRules {

  public static final int MAX_NAME = 100;
  public static final int MAX_EMAIL = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private PartyRules() {}

  /** Text as stored: trimmed, and nothing for a blank value. */
  public static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public static List<Problem> idProblems(String id) {
    if (PartyIds.valid(id)) {
      return List.of();
    }
    return List.of(new Problem("id", "組織IDは英小文字・数字・. _ - の50文字以内で、英小文字か数字で始まります",
        "a party id is at most 50 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"));
  }

  /**
   * The problems of the party's names, e-mail and roles (already trimmed by {@link #text}); the roles
   * as {@link #roles} read them, which has said which names were unknown.
   */
  public static List<Problem> problems(String nameJa, String nameEn, String contactEmail, Set<PartyRole> roles) {
    List<Problem> problems = fieldProblems(nameJa, nameEn, contactEmail);
    if (roles == null || roles.isEmpty()) {
      problems.add(new Problem("roles", "役割を1つ以上選んでください（HOSPITAL、CONTRACTOR、CERTIFIED_PRODUCER、DATA_USER、REGULATOR）",
          "a party holds at least one role: HOSPITAL, CONTRACTOR, CERTIFIED_PRODUCER, DATA_USER or REGULATOR"));
    }
    return problems;
  }

  /** The problems of the party's names and e-mail. */
  public static List<Problem> fieldProblems(String nameJa, String nameEn, String contactEmail) {
    List<Problem> problems = new ArrayList<>();
    if (nameJa == null) {
      problems.add(new Problem("nameJa", "日本語の名称を入れてください", "the Japanese name is required"));
    } else if (nameJa.length() > MAX_NAME || hasControl(nameJa)) {
      problems.add(new Problem("nameJa", "日本語の名称は改行などを含まない100文字以内です",
          "the Japanese name is at most 100 characters, without line breaks or control characters"));
    }
    if (nameEn != null && (nameEn.length() > MAX_NAME || hasControl(nameEn))) {
      problems.add(new Problem("nameEn", "英語の名称は改行などを含まない100文字以内です",
          "the English name is at most 100 characters, without line breaks or control characters"));
    }
    if (contactEmail != null && (contactEmail.length() > MAX_EMAIL || !EMAIL.matcher(contactEmail).matches())) {
      problems.add(new Problem("contactEmail", "連絡先メールアドレスの形式が正しくありません（1つだけ、例: compliance@example.jp）",
          "the contact e-mail is not one address such as compliance@example.jp"));
    }
    return problems;
  }

  /**
   * Role names as written by a caller: {@code HOSPITAL}, {@code CONTRACTOR}, ... An unknown name is
   * a problem, not an exception, so a CSV line can say which.
   */
  public static Set<PartyRole> roles(List<String> names, List<Problem> problems) {
    Set<PartyRole> roles = EnumSet.noneOf(PartyRole.class);
    if (names == null) {
      return roles;
    }
    for (String name : names) {
      String role = name == null ? "" : name.strip();
      try {
        roles.add(PartyRole.valueOf(role));
      } catch (IllegalArgumentException e) {
        problems.add(new Problem("roles", "役割 " + shown(role) + " はありません（HOSPITAL、CONTRACTOR、CERTIFIED_PRODUCER、DATA_USER、REGULATOR）",
            "no role " + shown(role) + "; roles are HOSPITAL, CONTRACTOR, CERTIFIED_PRODUCER, DATA_USER, REGULATOR"));
      }
    }
    return roles;
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  private static String shown(String value) {
    return "'" + (value.length() > 64 ? value.substring(0, 64) + "…" : value) + "'";
  }
}
