package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The cube root, real for negative x.
 *
 * <p>Immutable and thread-safe.
 */
public final class Cbrt extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Cbrt() {
    super(
        Notation.function("cbrt", "∛", "\\sqrt[3]")
            .withForms(null, Notation.Form.enclosing("\\sqrt[3]{#1}")),
        Trait.ODD);
  }

  /** d/dx ∛x = 1/(3 ∛x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, mul(constant(3), square(out)));
  }

  @Override
  public double apply(double x) {
    return Math.cbrt(x);
  }
}
