package dev.adjoint.demos.problems;

import static dev.adjoint.autodiff.Exprs.at;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.square;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;

/**
 * Rosenbrock's function {@code f(x, y) = (1 − x)² + 100(y − x²)²}: a curved, narrow valley with its
 * minimum f = 0 at (1, 1), the classic test of how optimizers follow a valley.
 */
public final class Rosenbrock {
  private Rosenbrock() {}

  /** The point p = (x, y), {@code [2]}. */
  public static Variable point() {
    return Variable.of("p", 2);
  }

  /** {@code (1 − p[0])² + 100(p[1] − p[0]²)²}. */
  public static Expr loss() {
    Expr x = at(point(), 0);
    Expr y = at(point(), 1);
    return square(constant(1).minus(x)).plus(square(y.minus(square(x))).times(100));
  }

  /** f(x, y) in plain Java, for contour plots. */
  public static double value(double x, double y) {
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  }
}
