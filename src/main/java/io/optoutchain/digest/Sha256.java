package io.optoutchain.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as the product writes it everywhere: over UTF-8 text, as 64 lowercase hex digits. */
public final class Sha256 {

  private final MessageDigest digest;

  private Sha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A digest to feed piece by piece. */
  public static Sha256 start() {
    return new Sha256();
  }

  public static String hex(String text) {
    return start().add(text).hex();
  }

  public Sha256 add(String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
