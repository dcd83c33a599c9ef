package io.optoutchain.reporting;

import io.optoutchain.error.Rejected;

/**
 * The hospital's own count of the opt-outs it received in a period. Zero is never assumed: a nil
 * return is a count of 0 with an explicit attestation.
 */
public record Declaration(int count, boolean nilAttested, String reason) {

  public static Declaration of(Integer count, Boolean nilAttested, String reason) {
    if (count == null) {
      throw Rejected.invalid("count", "the hospital's count for the period is required; there is no default");
    }
    if (count < 0) {
      throw Rejected.invalid("count", "a count cannot be negative");
    }
    boolean attested = Boolean.TRUE.equals(nilAttested);
    if (count == 0 && !attested) {
      throw Rejected.invalid("nilAttested",
          "a count of 0 is a nil return: attest it explicitly (nilAttested = true)");
    }
    if (count > 0 && attested) {
      throw Rejected.invalid("nilAttested", "a nil attestation goes with a count of 0, not " + count);
    }
    if (reason != null && reason.length() > 500) {
      throw Rejected.invalid("reason", "a reason has at most 500 characters");
    }
    return new Declaration(count, attested, reason);
  }
}
