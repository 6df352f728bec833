package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The inverse hyperbolic sine, log(x + √(x² + 1)), computed without cancellation for x &lt; 0.
 *
 * <p>Immutable and thread-safe.
 */
public final class Asinh extends ElementwiseFunction {

  /**
   * log(|x| + √(x² + 1)) with the sign of x (no cancellation for x &lt; 0), as log1p near 0 (no
   * loss of digits) and as log|x| + log 2 where x² would overflow.
   */
  private static double asinh(double x) {
    double a = Math.abs(x);
    if (a > 1e8) {
      return Math.copySign(Math.log(a) + Math.log(2), x);
    }
    return Math.copySign(Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a))), x);
  }

  /** The op; all instances are equal. */
  public Asinh() {
    super(Notation.function("asinh", "arsinh", "\\operatorname{arsinh}"), Trait.ODD);
  }

  /** d/dx arsinh x = 1/√(x² + 1) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, sqrt(add(square(x), constant(1))));
  }

  @Override
  public double apply(double x) {
    return asinh(x);
  }
}
