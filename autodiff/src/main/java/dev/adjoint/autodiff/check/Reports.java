package dev.adjoint.autodiff.check;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.print.PlainPrinter;
import java.util.Locale;

/** Number and text formatting shared by the reports. */
final class Reports {
  /** Expressions quoted in reports are cut at this many characters. */
  static final int EXPRESSION_LIMIT = 160;

  private Reports() {}

  /** {@code s}, cut with an ellipsis when longer than {@link #EXPRESSION_LIMIT}. */
  static String abbreviate(String s) {
    return s.length() <= EXPRESSION_LIMIT ? s : s.substring(0, EXPRESSION_LIMIT - 1) + "…";
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
