package dev.adjoint.demos.plot;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.function.DoubleBinaryOperator;

/**
 * Contour lines of a function of two variables by marching squares: the function is sampled on a
 * regular grid, and in every grid cell whose corners straddle a level the crossing points on the
 * cell's edges are found by linear interpolation and joined by a segment.
 *
 * <p>The segments of one level come back as one polyline whose pieces are separated by a point with
 * {@code y = NaN}, which XChart draws as a gap.
 *
 * <p>Immutable and thread-safe once computed.
 */
public final class ContourLines {
  private final double[] xs;
  private final double[] ys;
  private final double[][] values;

  private ContourLines(double[] xs, double[] ys, double[][] values) {
    this.xs = xs;
    this.ys = ys;
    this.values = values;
  }

  /**
   * Samples {@code f} on an {@code n × n} grid over {@code [xMin, xMax] × [yMin, yMax]}.
   *
   * @throws IllegalArgumentException unless n ≥ 2 and the ranges are not empty
   */
  public static ContourLines sample(
      DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax, int n) {
    checkArgument(n >= 2, "a contour grid needs at least 2×2 points, got %s", n);
    checkArgument(xMin < xMax && yMin < yMax, "empty plot range");
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = xMin + (xMax - xMin) * i / (n - 1);
      ys[i] = yMin + (yMax - yMin) * i / (n - 1);
    }
    double[][] values = new double[n][n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        values[j][i] = f.applyAsDouble(xs[i], ys[j]);
      }
    }
    return new ContourLines(xs, ys, values);
  }

  /** The sampled value at grid column {@code i}, row {@code j}. */
  public double value(int i, int j) {
    return values[j][i];
  }

  /**
   * The contour at {@code level} as {@code {x[], y[]}}: segments, each followed by a gap point
   * whose y is NaN.
   */
  public double[][] at(double level) {
    Polyline line = new Polyline();
    for (int j = 0; j + 1 < ys.length; j++) {
      for (int i = 0; i + 1 < xs.length; i++) {
        cell(i, j, level, line);
      }
    }
    return line.toArrays();
  }

  /** Adds the segments of the cell with lower-left corner (i, j). */
  private void cell(int i, int j, double level, Polyline line) {
    double v00 = values[j][i];
    double v10 = values[j][i + 1];
    double v11 = values[j + 1][i + 1];
    double v01 = values[j + 1][i];
    if (!(Double.isFinite(v00)
        && Double.isFinite(v10)
        && Double.isFinite(v11)
        && Double.isFinite(v01))) {
      return;
    }
    // Crossing points on the edges bottom, right, top, left (NaN when the edge does not cross).
    double[] ex = new double[4];
    double[] ey = new double[4];
    boolean[] crosses = new boolean[4];
    crossing(0, xs[i], ys[j], v00, xs[i + 1], ys[j], v10, level, ex, ey, crosses);
    crossing(1, xs[i + 1], ys[j], v10, xs[i + 1], ys[j + 1], v11, level, ex, ey, crosses);
    crossing(2, xs[i + 1], ys[j + 1], v11, xs[i], ys[j + 1], v01, level, ex, ey, crosses);
    crossing(3, xs[i], ys[j + 1], v01, xs[i], ys[j], v00, level, ex, ey, crosses);
    int count = 0;
    for (boolean c : crosses) {
      count += c ? 1 : 0;
    }
    if (count == 2) {
      int a = -1;
      int b = -1;
      for (int k = 0; k < 4; k++) {
        if (crosses[k]) {
          if (a < 0) {
            a = k;
          } else {
            b = k;
          }
        }
      }
      line.segment(ex[a], ey[a], ex[b], ey[b]);
    } else if (count == 4) {
      // A saddle: decide the pairing by the value at the centre.
      double centre = (v00 + v10 + v11 + v01) / 4;
      boolean centreAbove = centre >= level;
      boolean v00Above = v00 >= level;
      if (centreAbove == v00Above) {
        line.segment(ex[0], ey[0], ex[1], ey[1]);
        line.segment(ex[2], ey[2], ex[3], ey[3]);
      } else {
        line.segment(ex[0], ey[0], ex[3], ey[3]);
        line.segment(ex[1], ey[1], ex[2], ey[2]);
      }
    }
  }

  private static void crossing(
      int edge,
      double xa,
      double ya,
      double va,
      double xb,
      double yb,
      double vb,
      double level,
      double[] ex,
      double[] ey,
      boolean[] crosses) {
    boolean aAbove = va >= level;
    boolean bAbove = vb >= level;
    if (aAbove == bAbove) {
      return;
    }
    double t = (level - va) / (vb - va);
    ex[edge] = xa + t * (xb - xa);
    ey[edge] = ya + t * (yb - ya);
    crosses[edge] = true;
  }

  /** Segments gathered into growable x and y arrays. */
  private static final class Polyline {
    private double[] x = new double[64];
    private double[] y = new double[64];
    private int size;

    void segment(double x1, double y1, double x2, double y2) {
      add(x1, y1);
      add(x2, y2);
      add(x2, Double.NaN);
    }

    private void add(double px, double py) {
      if (size == x.length) {
        x = java.util.Arrays.copyOf(x, 2 * size);
        y = java.util.Arrays.copyOf(y, 2 * size);
      }
      x[size] = px;
      y[size] = py;
      size++;
    }

    double[][] toArrays() {
      return new double[][] {java.util.Arrays.copyOf(x, size), java.util.Arrays.copyOf(y, size)};
    }
  }
}
