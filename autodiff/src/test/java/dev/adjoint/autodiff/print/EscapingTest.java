package dev.adjoint.autodiff.print;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapingTest {
  @Test
  void controlAndFormatCharactersBecomeEscapes() {
    assertThat(Escaping.nonPrintable("x+\u001b[31mRED")).isEqualTo("x+\\x1b[31mRED");
    assertThat(Escaping.nonPrintable("a\u202eb")).isEqualTo("a\\u202eb");
    assertThat(Escaping.nonPrintable("a\nb\tc")).isEqualTo("a\\x0ab\\x09c");
  }

  @Test
  void printableTextIsKeptAsItIs() {
    String math = "σ(W·X) − y² ⊙ 𝑥 😀";
    assertThat(Escaping.nonPrintable(math)).isSameAs(math);
  }

  @Test
  void loneSurrogatesAreEscapedButPairsAreKept() {
    assertThat(Escaping.nonPrintable("a\ud83d")).isEqualTo("a\\ud83d");
    assertThat(Escaping.nonPrintable("\ude00b")).isEqualTo("\\ude00b");
    assertThat(Escaping.nonPrintable("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
  }
}
