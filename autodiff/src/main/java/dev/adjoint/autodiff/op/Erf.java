package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt (Apache Commons Numbers).
 *
 * <p>Immutable and thread-safe.
 */
public final class Erf extends ElementwiseFunction {

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  /** The op; all instances are equal. */
  public Erf() {
    super(Notation.function("erf", "erf", "\\operatorname{erf}"), Trait.ODD);
  }

  /** d/dx erf x = 2/√π · e^(−x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, mul(constant(TWO_OVER_SQRT_PI), exp(neg(square(x)))));
  }

  @Override
  public double apply(double x) {
    return org.apache.commons.numbers.gamma.Erf.value(x);
  }
}
