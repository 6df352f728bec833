package dev.adjoint.autodiff.parse;

/**
 * One lexical unit of the expression language.
 *
 * @param kind what the token is
 * @param text the canonical text ({@code @} for {@code ·}, {@code sigmoid} for {@code σ})
 * @param source the text as written
 * @param position the offset of its first character in the input
 */
record Token(Kind kind, String text, String source, int position) {

  /** The kinds of token. */
  enum Kind {
    NUMBER,
    NAME,
    SYMBOL,
    /** A superscript integer exponent ({@code ²}, {@code ⁻¹}); the text is its plain digits. */
    SUPERSCRIPT,
    END
  }

  /** Whether this is the symbol {@code symbol}. */
  boolean is(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** How the token is named in messages. */
  String describe() {
    return kind == Kind.END ? "the end of the input" : "'" + source + "'";
  }
}
