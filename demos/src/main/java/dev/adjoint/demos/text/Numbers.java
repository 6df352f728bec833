package dev.adjoint.demos.text;

import java.util.Locale;

/**
 * Short, readable numbers for tables and reports.
 *
 * <p>Stateless and thread-safe.
 */
public final class Numbers {
  private Numbers() {}

  /** Four significant digits, switching to exponent form for very small or large magnitudes. */
  public static String sig(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) {
      return String.format(Locale.ROOT, "%.4g", v);
    }
    return String.format(Locale.ROOT, "%.3e", v);
  }

  /** A duration in the unit that suits it: {@code 812 µs}, {@code 14.2 ms}, {@code 3.05 s}. */
  public static String duration(long nanos) {
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** A vector as {@code [a, b, c]} with {@link #sig} entries. */
  public static String vector(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(sig(v[i]));
    }
    return sb.append(']').toString();
  }
}
