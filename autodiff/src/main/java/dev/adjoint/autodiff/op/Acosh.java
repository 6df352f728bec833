package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The inverse hyperbolic cosine, log(x + √(x² − 1)), defined for x ≥ 1.
 *
 * <p>Immutable and thread-safe.
 */
public final class Acosh extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Acosh() {
    super(Notation.function("acosh", "arcosh", "\\operatorname{arcosh}"));
  }

  /** d/dx arcosh x = 1/√(x² − 1) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, sqrt(sub(square(x), constant(1))));
  }

  @Override
  public double apply(double x) {
    if (x > 1e8) {
      return Math.log(x) + Math.log(2); // x² would overflow; the −1 is below rounding
    }
    double t = x - 1; // log1p(t + √(2t + t²)) keeps the digits near x = 1
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }
}
