package io.optoutchain.web;

/**
 * Control characters have no place in an identifier, a key or a reason: NUL is refused by
 * PostgreSQL, the others hide text from whoever reads the record. Line breaks and tabs are
 * allowed, since a reason may run over lines.
 */
final class ControlCharacters {

  private ControlCharacters() {}

  static boolean in(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return true;
      }
    }
    return false;
  }
}
