package dev.adjoint.autodiff.check;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.print.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Number and text formatting shared by the reports. */
final class Reports {
  /** Expressions quoted in reports are cut at this many characters. */
  static final int EXPRESSION_LIMIT = 160;

  /** Subexpressions naming a kink are cut at this many characters. */
  static final int KINK_EXPRESSION_LIMIT = 50;

  /** Report lines are wrapped at this width. */
  static final int WIDTH = 110;

  private Reports() {}

  /** {@code e} in Unicode math, cut at {@code limit} characters. */
  static String unicode(Expr e, int limit) {
    return Printer.unicode().withLimit(limit).print(e);
  }

  /**
   * {@code text} wrapped at {@link #WIDTH}: the first line starts with {@code first}, the others
   * with {@code indent}; breaks go before {@code where} and after commas and spaces.
   */
  static String wrap(String first, String indent, String text) {
    return wrap(first, indent, text, WIDTH);
  }

  /** {@code text} wrapped at {@code width}, as {@link #wrap(String, String, String)}. */
  static String wrap(String first, String indent, String text, int width) {
    List<String> pieces = new ArrayList<>();
    int where = text.indexOf(" where ");
    if (where >= 0) {
      pieces.add(text.substring(0, where));
      pieces.add(text.substring(where + 1));
    } else {
      pieces.add(text);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      out.append(i == 0 ? "" : "\n")
          .append(wrapPlain(i == 0 ? first : indent, indent, pieces.get(i), width));
    }
    return out.toString();
  }

  /**
   * Every line of {@code text} longer than {@code width} wrapped at spaces, its continuation lines
   * indented four more than the line itself.
   */
  static String wrapLines(String text, int width) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.length() <= width) {
        out.append(line);
        continue;
      }
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      String lead = line.substring(0, indent);
      out.append(wrapPlain(lead, lead + "    ", line.substring(indent), width));
    }
    return out.toString();
  }

  /** {@code text} broken at spaces (or anywhere, if none is near) into lines of {@code width}. */
  private static String wrapPlain(String first, String indent, String text, int width) {
    StringBuilder out = new StringBuilder();
    String prefix = first;
    String rest = text;
    while (prefix.length() + rest.length() > width) {
      int room = width - prefix.length();
      int cut = rest.lastIndexOf(' ', room);
      if (cut <= room / 3) {
        cut = room;
      }
      out.append(prefix).append(rest, 0, cut).append('\n');
      rest = rest.substring(cut).stripLeading();
      prefix = indent;
    }
    return out.append(prefix).append(rest).toString();
  }

  /**
   * The plain form of {@code e}, cut at {@link #EXPRESSION_LIMIT} characters; the printer stops at
   * the limit, so graphs whose plain form would be huge (shared nodes written out each time) are
   * fine.
   */
  static String describe(Expr e) {
    return PlainPrinter.print(e, EXPRESSION_LIMIT);
  }

  /** A number with about 10 significant digits, enough to see where two values part. */
  static String value(double v) {
    if (v == 0) {
      return "0";
    }
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    return a >= 1e-4 && a < 1e7
        ? String.format(Locale.ROOT, "%.10g", v).replaceFirst("\\.?0+$", "")
        : String.format(Locale.ROOT, "%.9e", v);
  }

  /** An error or tolerance, in three significant digits. */
  static String error(double v) {
    if (v == 0) {
      return "0";
    }
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : String.valueOf(v);
  }

  /** An element index like {@code [0, 2]}; a scalar's is {@code []}. */
  static String index(int[] index) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < index.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(index[i]);
    }
    return sb.append(']').toString();
  }
}
