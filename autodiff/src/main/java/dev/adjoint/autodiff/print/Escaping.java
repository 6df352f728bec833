package dev.adjoint.autodiff.print;

/**
 * Makes echoed input safe to print on a terminal: non-printable characters (controls such as ESC,
 * format characters such as bidirectional overrides, line and paragraph separators, unassigned and
 * private-use code points, lone surrogates) become hexadecimal escapes, {@code \x1b} for ESC and
 * {@code \u202e} above U+00FF. Paired surrogates (emoji, mathematical letters) are kept.
 *
 * <p>Stateless and thread-safe.
 */
public final class Escaping {
  private Escaping() {}

  /** {@code text} with every non-printable character escaped; newlines too. */
  public static String nonPrintable(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < text.length()
                  && Character.isLowSurrogate(text.charAt(i + 1))
              || Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(text.charAt(i - 1));
      if (paired || isPrintable(c)) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
    }
    return sb == null ? text : sb.toString();
  }

  private static boolean isPrintable(char c) {
    if (Character.isSurrogate(c)) {
      return false;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.UNASSIGNED,
          Character.PRIVATE_USE ->
          false;
      default -> true;
    };
  }
}
