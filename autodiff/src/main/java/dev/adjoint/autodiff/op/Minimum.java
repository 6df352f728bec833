package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.lt;

import dev.adjoint.autodiff.Expr;

/**
 * The elementwise minimum of two tensors, with broadcasting. Where they tie, each operand gets half
 * the gradient, as the {@code min} reduction splits it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Minimum extends PairwiseExtremum {

  @Override
  public Notation notation() {
    return Notation.function("minimum");
  }

  /** a wins where a &lt; b, so ∂/∂x min(x, y) = [x &lt; y] + ½[x = y]. */
  @Override
  Expr wins(Expr a, Expr b) {
    return lt(a, b);
  }

  @Override
  public double apply(double x, double y) {
    return Math.min(x, y);
  }
}
