package dev.adjoint.autodiff.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into {@link Token}s, mapping the Unicode aliases to the plain symbols: {@code ·} to
 * {@code @}, {@code ⊙} to {@code *}, {@code −} to {@code -}, {@code ᵀ} to {@code '}, {@code ²} to a
 * squaring symbol, {@code √} to the function {@code sqrt}.
 */
final class Lexer {
  private static final String SYMBOLS = "+-*/@^()[],:'";

  /** Superscript minus and digits, in the order of {@code "-0123456789"}. */
  private static final String SUPERSCRIPTS = "⁻⁰¹²³⁴⁵⁶⁷⁸⁹";

  private Lexer() {}

  /** The tokens of {@code input}, ending with an {@code END} token. */
  static List<Token> tokenize(String input) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = input.length();
    while (i < n) {
      char c = input.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(input.charAt(i + 1)))) {
        i = number(input, i);
        String text = input.substring(start, i);
        // the Unicode printer writes exponents with its minus sign: 4.2E−13
        tokens.add(new Token(Token.Kind.NUMBER, text.replace('−', '-'), text, start));
        continue;
      }
      if (isNameStart(c)) {
        while (i < n && isNamePart(input.charAt(i))) {
          i++;
        }
        String text = input.substring(start, i);
        tokens.add(new Token(Token.Kind.NAME, text, text, start));
        continue;
      }
      if (SUPERSCRIPTS.indexOf(c) >= 0) {
        StringBuilder exponent = new StringBuilder();
        while (i < n && SUPERSCRIPTS.indexOf(input.charAt(i)) >= 0) {
          exponent.append("-0123456789".charAt(SUPERSCRIPTS.indexOf(input.charAt(i))));
          i++;
        }
        tokens.add(
            new Token(
                Token.Kind.SUPERSCRIPT, exponent.toString(), input.substring(start, i), start));
        continue;
      }
      String symbol = symbol(c);
      if (symbol == null) {
        int codePoint = input.codePointAt(i);
        throw new ParseException(
            "unexpected character '" + new String(Character.toChars(codePoint)) + "'", input, i);
      }
      // √ is the function sqrt when called, √(x), and a prefix root otherwise, √x (see Parser).
      Token.Kind kind = symbol.equals("sqrt") ? Token.Kind.NAME : Token.Kind.SYMBOL;
      tokens.add(new Token(kind, symbol, String.valueOf(c), start));
      i++;
    }
    tokens.add(new Token(Token.Kind.END, "", "", n));
    return tokens;
  }

  private static String symbol(char c) {
    if (SYMBOLS.indexOf(c) >= 0) {
      return String.valueOf(c);
    }
    return switch (c) {
      case '·' -> "@";
      case '⊙' -> "*";
      case '−' -> "-";
      case 'ᵀ' -> "'";
      case '√' -> "sqrt";
      default -> null;
    };
  }

  /** digits ['.' digits] [('e'|'E') ['+'|'-'|'−'] digits], or '.' digits ... */
  private static int number(String s, int i) {
    int n = s.length();
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-' || s.charAt(j) == '−')) {
        j++;
      }
      if (j < n && isDigit(s.charAt(j))) {
        i = j;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return (Character.isLetter(c) || c == '_') && c != 'ᵀ';
  }

  private static boolean isNamePart(char c) {
    return (Character.isLetterOrDigit(c) || c == '_') && c != 'ᵀ';
  }
}
