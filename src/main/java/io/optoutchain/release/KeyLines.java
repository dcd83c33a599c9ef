package io.optoutchain.release;

import io.optoutchain.error.Rejected;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a key upload, read with bounds: a line longer than {@link #MAX_LINE} bytes, or an
 * upload past its byte limit, is refused as soon as it is seen, without reading (or keeping) the
 * rest. A key line is {@code hospitalId,patientKey}: 64 hex digits after a short party id.
 */
public final class KeyLines {

  public static final int MAX_LINE = 200;

  private final InputStream in;
  private final long maxBytes;
  private final byte[] line = new byte[MAX_LINE];
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long bytesRead;
  private long lineNumber;

  public KeyLines(InputStream in, long maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line without its line end, or null at the end of the upload. */
  public String next() throws IOException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (!any) {
            return null;
          }
          lineNumber++;
          return text(length);
        }
        bytesRead += limit;
        if (bytesRead > maxBytes) {
          throw Rejected.invalid("keys", "アップロードが " + maxBytes + " バイトを超えています", "the upload is larger than " + maxBytes + " bytes");
        }
      }
      byte b = buffer[position++];
      any = true;
      if (b == '\n') {
        lineNumber++;
        return text(length);
      }
      if (length == MAX_LINE) {
        throw Rejected.invalid("keys", (lineNumber + 1) + " 行目が " + MAX_LINE + " 文字を超えています。1行は hospitalId,patientKey です",
            "line " + (lineNumber + 1) + " is longer than " + MAX_LINE
            + " characters; a line is hospitalId,patientKey");
      }
      line[length++] = b;
    }
  }

  /** The number of the line {@link #next()} returned last, counting from 1. */
  public long lineNumber() {
    return lineNumber;
  }

  private String text(int length) {
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }
}
