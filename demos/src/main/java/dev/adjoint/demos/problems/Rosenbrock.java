package dev.adjoint.demos.problems;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.square;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;

/**
 * Rosenbrock's function {@code f(x, y) = (1 − x)² + 100(y − x²)²}: a curved, narrow valley with its
 * minimum f = 0 at (1, 1), the classic test of how optimizers follow a valley.
 *
 * <p>Stateless and thread-safe.
 */
public final class Rosenbrock {
  private Rosenbrock() {}

  /** The first coordinate x, a scalar. */
  public static Variable x() {
    return Variable.of("x");
  }

  /** The second coordinate y, a scalar. */
  public static Variable y() {
    return Variable.of("y");
  }

  /** {@code (1 − x)² + 100(y − x²)²}. */
  public static Expr loss() {
    return square(constant(1).minus(x())).plus(square(y().minus(square(x()))).times(100));
  }

  /** f(x, y) in plain Java, for contour plots. */
  public static double value(double x, double y) {
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  }
}
