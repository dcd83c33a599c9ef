package io.optoutchain.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.optoutchain.error.Rejected;
import org.junit.jupiter.api.Test;

/** What operators paste as a digest prefix: read as they meant it, or refused with the field named. */
class DigestPrefixTest {

  private static final String DIGEST = "3fa9c01b" + "0123456789abcdef".repeat(3) + "01234567";

  private static String read(String value) {
    return DigestPrefix.normalise("digestPrefix", value, "ダイジェスト", "the digest");
  }

  @Test
  void upperCaseAsWindowsCertutilAndGetFileHashPrintItIsAccepted() {
    assertThat(read("3FA9C01B")).isEqualTo("3fa9c01b");
    assertThat(read(DIGEST.toUpperCase())).isEqualTo("3fa9c01b");
  }

  @Test
  void spacesAroundAndInsideAreDropped() {
    assertThat(read(" 3fa9c01b ")).isEqualTo("3fa9c01b");
    assertThat(read("3f a9 c0 1b\t")).isEqualTo("3fa9c01b");
    // an ideographic space, as a Japanese input method types it
    assertThat(read("3fa9\u3000c01b")).isEqualTo("3fa9c01b");
  }

  @Test
  void fullWidthDigitsAndLettersFromAJapaneseInputMethodAreAccepted() {
    assertThat(read("３ｆａ９ｃ０１ｂ")).isEqualTo("3fa9c01b");
    assertThat(read("３ＦＡ９Ｃ０１Ｂ")).isEqualTo("3fa9c01b");
  }

  @Test
  void aWholeDigestIsCutToItsFirstEightDigits() {
    assertThat(read(DIGEST)).isEqualTo("3fa9c01b");
    assertThat(read(" " + DIGEST + "\n")).isEqualTo("3fa9c01b");
  }

  @Test
  void sevenDigitsNonHexAndOtherLengthsAreRefusedNamingTheField() {
    for (String bad : new String[] {"3fa9c01", "3fa9c01g", "3fa9c01b0", DIGEST.substring(0, 63), "", null, "ｘｙｚ"}) {
      assertThatThrownBy(() -> read(bad)).as(String.valueOf(bad)).isInstanceOf(Rejected.class)
          .satisfies(e -> assertThat(((Rejected) e).field()).isEqualTo("digestPrefix"))
          .hasMessageContaining("digestPrefix（ダイジェスト）").hasMessageContaining("先頭8桁")
          .hasMessageContaining("first 8 hex digits");
    }
  }

  @Test
  void theDeclarationAndTheAcknowledgementReadTheSameWay() {
    assertThat(Declaration.of(1, false, "３ＦＡ９ Ｃ０１Ｂ", null).digestPrefix()).isEqualTo("3fa9c01b");
    assertThat(Declaration.of(1, false, DIGEST.toUpperCase(), null).digestPrefix()).isEqualTo("3fa9c01b");
    assertThatThrownBy(() -> Declaration.of(1, false, "3fa9c01", null)).isInstanceOf(Rejected.class)
        .hasMessageContaining("digestPrefix");
  }
}
