package io.optoutchain.party;

import java.util.regex.Pattern;

/**
 * What a party or chain id may be: lower-case letters, digits, '.', '_' and '-', starting with a
 * letter or digit, at most {@value #MAX_LENGTH} characters. A party's groups append up to 12
 * characters ("-supervisors") and Camunda's group id holds 64.
 */
public final class PartyIds {

  public static final int MAX_LENGTH = 50;
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

  private PartyIds() {}

  public static boolean valid(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
