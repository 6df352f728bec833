package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.gt;

import dev.adjoint.autodiff.Expr;

/**
 * The elementwise maximum of two tensors, with broadcasting. Where they tie, each operand gets half
 * the gradient, as the {@code max} reduction splits it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Maximum extends PairwiseExtremum {

  @Override
  public Notation notation() {
    return Notation.function("maximum");
  }

  /** a wins where a &gt; b, so ∂/∂x max(x, y) = [x &gt; y] + ½[x = y]. */
  @Override
  Expr wins(Expr a, Expr b) {
    return gt(a, b);
  }

  @Override
  public double apply(double x, double y) {
    return Math.max(x, y);
  }
}
