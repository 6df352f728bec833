package dev.adjoint.demos.io;

import dev.adjoint.autodiff.print.Escaping;

/**
 * Makes user input safe to echo in a message: non-printable characters (controls such as ESC,
 * format characters such as bidirectional overrides, line separators, lone surrogates) are written
 * as hexadecimal escapes ({@code \x1b} for ESC), and long input is cut to a short excerpt, so that
 * an echoed argument can neither drive the terminal nor flood it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Excerpt {
  /** The most characters of one argument that a message echoes. */
  public static final int MAX_ECHO = 60;

  private Excerpt() {}

  /** {@code text} escaped and, if longer than {@value #MAX_ECHO} characters, cut with "…". */
  public static String of(String text) {
    return of(text, MAX_ECHO);
  }

  /** {@code text} escaped and cut to at most {@code max} characters of the original, with "…". */
  public static String of(String text, int max) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= max) {
      return escape(text);
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return escape(text.substring(0, end)) + "…";
  }

  /** {@code text} with every non-printable character escaped; newlines too. */
  public static String escape(String text) {
    return Escaping.nonPrintable(text);
  }

  /** Each line of {@code message} escaped and cut to {@code maxLine} characters. */
  public static String lines(String message, int maxLine) {
    StringBuilder sb = new StringBuilder();
    String[] lines = message.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      sb.append(i == 0 ? "" : "\n").append(of(lines[i], maxLine));
    }
    return sb.toString();
  }
}
