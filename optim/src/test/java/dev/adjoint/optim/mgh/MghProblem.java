package dev.adjoint.optim.mgh;

import dev.adjoint.optim.JavaObjective;
import java.util.List;

/**
 * One Moré–Garbow–Hillstrom (1981) least-squares test problem: residuals r: ℝⁿ → ℝᵐ with a
 * hand-written Jacobian, a standard starting point, and the known minimum value. The objective is
 * f(x) = Σᵢ rᵢ(x)², with gradient ∇f = 2Jᵀr; the Hessian is by central differences of that
 * gradient.
 */
final class MghProblem {

  /** Writes r(x) into {@code residuals} and the m×n row-major Jacobian into {@code jacobian}. */
  @FunctionalInterface
  interface Residuals {
    void evaluate(double[] x, double[] residuals, double[] jacobian);
  }

  private final int number;
  private final String name;
  private final int n;
  private final int m;
  private final Residuals residuals;
  private final double[] start;
  private final double valueAtStart;
  private final double minimum;
  private final List<Double> localMinima;

  MghProblem(
      int number,
      String name,
      int n,
      int m,
      double[] start,
      double valueAtStart,
      double minimum,
      List<Double> localMinima,
      Residuals residuals) {
    this.number = number;
    this.name = name;
    this.n = n;
    this.m = m;
    this.start = start;
    this.valueAtStart = valueAtStart;
    this.minimum = minimum;
    this.localMinima = localMinima;
    this.residuals = residuals;
  }

  /** The problem number in Moré, Garbow &amp; Hillstrom (1981). */
  int number() {
    return number;
  }

  String name() {
    return name;
  }

  int n() {
    return n;
  }

  int m() {
    return m;
  }

  double[] start() {
    return start.clone();
  }

  /** f(x₀) as published (MINPACK / TOMS 566). */
  double valueAtStart() {
    return valueAtStart;
  }

  /** The known global minimum value f*. */
  double minimum() {
    return minimum;
  }

  /** Documented local minima that count as success. */
  List<Double> localMinima() {
    return localMinima;
  }

  void residuals(double[] x, double[] r, double[] jacobian) {
    residuals.evaluate(x, r, jacobian);
  }

  /**
   * Whether {@code value} reaches the known minimum: relative error ≤ 1e-6 against f* or a
   * documented local minimum, or f ≤ 1e-10 where f* = 0.
   */
  boolean reachesMinimum(double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    if (minimum == 0 ? value <= 1e-10 : Math.abs(value - minimum) <= 1e-6 * minimum) {
      return true;
    }
    for (double local : localMinima) {
      if (Math.abs(value - local) <= 1e-6 * local) {
        return true;
      }
    }
    return false;
  }

  /** f(x) = Σ rᵢ², ∇f = 2Jᵀr, Hessian by central differences of ∇f. */
  JavaObjective objective() {
    return JavaObjective.of(
            n,
            (x, gradient) -> {
              double[] r = new double[m];
              double[] jacobian = new double[m * n];
              residuals.evaluate(x, r, jacobian);
              double value = 0;
              java.util.Arrays.fill(gradient, 0);
              for (int i = 0; i < m; i++) {
                value += r[i] * r[i];
                for (int j = 0; j < n; j++) {
                  gradient[j] += 2 * jacobian[i * n + j] * r[i];
                }
              }
              return value;
            })
        .withFiniteDifferenceHessian();
  }

  @Override
  public String toString() {
    return number + " " + name;
  }
}
