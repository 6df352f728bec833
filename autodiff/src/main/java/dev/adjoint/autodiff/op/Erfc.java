package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate where erf(x) is near 1 (Apache
 * Commons Numbers).
 *
 * <p>Immutable and thread-safe.
 */
public final class Erfc extends ElementwiseFunction {

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  /** The op; all instances are equal. */
  public Erfc() {
    super(Notation.function("erfc", "erfc", "\\operatorname{erfc}"));
  }

  /** d/dx erfc x = −2/√π · e^(−x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return neg(mul(g, mul(constant(TWO_OVER_SQRT_PI), exp(neg(square(x))))));
  }

  @Override
  public double apply(double x) {
    return org.apache.commons.numbers.gamma.Erfc.value(x);
  }
}
