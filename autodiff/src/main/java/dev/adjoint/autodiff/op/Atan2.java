package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The angle of the point (x, y) from the positive x axis, {@code atan2(y, x)} in [−π, π],
 * elementwise with broadcasting. As in C and NumPy, the first operand is y.
 *
 * <p>Immutable and thread-safe.
 */
public final class Atan2 extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.function("atan2");
  }

  /** ∂/∂y atan2(y, x) = x/(x² + y²) */
  @Override
  protected Expr dx(Expr g, Expr out, Expr y, Expr x) {
    return div(mul(g, x), add(square(x), square(y)));
  }

  /** ∂/∂x atan2(y, x) = −y/(x² + y²) */
  @Override
  protected Expr dy(Expr g, Expr out, Expr y, Expr x) {
    return neg(div(mul(g, y), add(square(x), square(y))));
  }

  @Override
  public double apply(double y, double x) {
    return Math.atan2(y, x);
  }
}
