package dev.adjoint.autodiff.parse;

import dev.adjoint.autodiff.print.Escaping;

/**
 * Text that is not a well-formed expression, or whose expression cannot be built (an unknown name,
 * shapes that do not fit). The message names the problem and the column, and echoes the line with a
 * caret under the position:
 *
 * <pre>
 * expected ')' at column 14; found the end of the input
 *   sigmoid(W @ X
 *                ^
 * </pre>
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class ParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Characters of context shown on each side of the position. */
  private static final int WINDOW = 60;

  private final String reason;
  private final int position;

  ParseException(String reason, String input, int position) {
    super(format(escape(reason), input, position));
    this.reason = reason;
    this.position = position;
  }

  /** The offset in the input (0-based, in chars) where the problem was found. */
  public int position() {
    return position;
  }

  /** What was wrong, without the position and the echoed input. */
  public String reason() {
    return reason;
  }

  /**
   * {@code text} with non-printable characters (controls such as ESC, format characters such as
   * bidirectional overrides, lone surrogates) written as hexadecimal escapes ({@code \x1b} for
   * ESC), so that an echoed input cannot drive the terminal.
   */
  static String escape(String text) {
    return Escaping.nonPrintable(text);
  }

  private static String format(String reason, String input, int position) {
    int at = Math.max(0, Math.min(position, input.length()));
    int lineStart = input.lastIndexOf('\n', at - 1) + 1;
    int lineEnd = input.indexOf('\n', at);
    if (lineEnd < 0) {
      lineEnd = input.length();
    }
    int line = 1;
    for (int i = 0; i < lineStart; i++) {
      line += input.charAt(i) == '\n' ? 1 : 0;
    }
    int column = at - lineStart + 1;
    String where = line > 1 || lineEnd < input.length() ? "line " + line + ", column " : "column ";
    int from = Math.max(lineStart, at - WINDOW);
    int to = Math.min(lineEnd, at + WINDOW);
    String prefix = (from > lineStart ? "…" : "") + escape(input.substring(from, at));
    String echo = prefix + escape(input.substring(at, to)) + (to < lineEnd ? "…" : "");
    String caret = " ".repeat(prefix.length()) + "^";
    int split = reason.indexOf("; ");
    String located =
        split < 0
            ? reason + " at " + where + column
            : reason.substring(0, split) + " at " + where + column + reason.substring(split);
    return located + "\n  " + echo + "\n  " + caret;
  }
}
