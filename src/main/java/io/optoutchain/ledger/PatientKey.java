package io.optoutchain.ledger;

import io.optoutchain.error.Rejected;
import java.util.regex.Pattern;

/**
 * A patient, pseudonymously: HMAC-SHA256 of the hospital's own patient number under a secret key
 * that never leaves the hospital, written as 64 lowercase hex digits. Only the hospital can link
 * it back to a person; every other party only compares keys.
 */
public record PatientKey(String value) implements Comparable<PatientKey> {

  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

  public PatientKey {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw Rejected.invalid("patientKey",
          "患者キーは64桁の16進数（小文字、病院が計算した HMAC-SHA256）です。受け取った値: " + describe(value),
          "a patient key is 64 lowercase hex digits (HMAC-SHA256 computed by the hospital); got "
              + describe(value));
    }
  }

  private static String describe(String value) {
    if (value == null) {
      return "nothing";
    }
    // Never echo a value that might be a raw patient identifier; its shape is enough to act on.
    return value.length() + " characters";
  }

  @Override
  public int compareTo(PatientKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
