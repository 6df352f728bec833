package dev.adjoint.demos.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

  @Test
  void nonPrintableCharactersBecomeEscapes() {
    assertThat(Excerpt.escape("x+\u001b[31mRED")).isEqualTo("x+\\x1b[31mRED");
    assertThat(Excerpt.escape("a\tb\nc\u007f")).isEqualTo("a\\x09b\\x0ac\\x7f");
    assertThat(Excerpt.escape("x\u202e+1\u200b")).isEqualTo("x\\u202e+1\\u200b");
    assertThat(Excerpt.escape("lone \ud800 surrogate")).isEqualTo("lone \\ud800 surrogate");
  }

  @Test
  void printableTextIsKeptAsItIs() {
    String math = "σ(W·X) − y² ⊙ √x ∂f/∂W 😀 日本";
    assertThat(Excerpt.escape(math)).isSameAs(math);
  }

  @Test
  void longInputIsCutToAnExcerpt() {
    String long_ = "x".repeat(1000);
    assertThat(Excerpt.of(long_)).isEqualTo("x".repeat(Excerpt.MAX_ECHO) + "…");
    assertThat(Excerpt.of("short")).isEqualTo("short");
    // A cut never splits a surrogate pair.
    String emoji = "a".repeat(Excerpt.MAX_ECHO - 1) + "😀tail";
    assertThat(Excerpt.of(emoji)).isEqualTo("a".repeat(Excerpt.MAX_ECHO - 1) + "…");
  }

  @Test
  void linesAreEscapedAndCutOneByOne() {
    String message = "first \u001b line\n" + "y".repeat(500) + "\nthird";
    assertThat(Excerpt.lines(message, 20).split("\n", -1))
        .containsExactly("first \\x1b line", "y".repeat(20) + "…", "third");
  }
}
