package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Dense vector kernels on {@code double[]} used by every method: dot products, norms, axpy. Plain
 * loops, no allocation.
 *
 * <p>Stateless and thread-safe.
 */
public final class Vectors {

  private Vectors() {}

  /** Returns aᵀb = Σᵢ aᵢbᵢ. */
  public static double dot(double[] a, double[] b) {
    checkSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Returns the Euclidean norm ‖a‖₂ = √(Σᵢ aᵢ²). */
  public static double norm2(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** Returns the maximum norm ‖a‖∞ = maxᵢ |aᵢ| (NaN if any element is NaN). */
  public static double normInf(double[] a) {
    double max = 0;
    for (double value : a) {
      double abs = Math.abs(value);
      if (!(abs <= max)) {
        max = abs;
      }
    }
    return max;
  }

  /** Returns ‖a − b‖∞ = maxᵢ |aᵢ − bᵢ|. */
  public static double distanceInf(double[] a, double[] b) {
    checkSameLength(a, b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      double abs = Math.abs(a[i] - b[i]);
      if (!(abs <= max)) {
        max = abs;
      }
    }
    return max;
  }

  /** Sets y ← y + αx. */
  public static void axpy(double alpha, double[] x, double[] y) {
    checkSameLength(x, y);
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  /** Sets target ← x + αd. */
  public static void addScaled(double[] x, double alpha, double[] d, double[] target) {
    checkSameLength(x, d);
    checkSameLength(x, target);
    for (int i = 0; i < x.length; i++) {
      target[i] = x[i] + alpha * d[i];
    }
  }

  /** Sets a ← −a. */
  public static void negate(double[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = -a[i];
    }
  }

  /** Whether every element is finite (neither infinite nor NaN). */
  public static boolean allFinite(double[] a) {
    for (double value : a) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** Replaces the row-major n×n matrix m by (m + mᵀ)/2. */
  public static void symmetrize(double[] m, int n) {
    checkArgument(m.length == n * n, "matrix has %s entries, not n² = %s", m.length, n * n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double mean = 0.5 * (m[i * n + j] + m[j * n + i]);
        m[i * n + j] = mean;
        m[j * n + i] = mean;
      }
    }
  }

  private static void checkSameLength(double[] a, double[] b) {
    checkArgument(
        a.length == b.length, "vectors have different lengths: %s and %s", a.length, b.length);
  }

  /**
   * Checks that {@code point} is a usable point for an objective of the given dimension.
   *
   * @throws IllegalArgumentException naming {@code what} if the point is null, of the wrong length
   *     or not finite
   */
  public static void checkPoint(String what, double[] point, int dimension) {
    checkArgument(point != null, "%s is null", what);
    checkArgument(
        point.length == dimension,
        "%s has length %s but the objective has dimension %s",
        what,
        point.length,
        dimension);
    for (int i = 0; i < point.length; i++) {
      checkArgument(Double.isFinite(point[i]), "%s[%s] is not finite: %s", what, i, point[i]);
    }
  }
}
