package com.example.customop;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.square;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Notation;

/** The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, as a user-defined op. */
public final class Erf extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Erf() {
    super(Notation.function("erf", "erf", "\\operatorname{erf}"));
  }

  /** The expression {@code erf(x)}, elementwise. */
  public static Expr erf(Expr x) {
    return Expr.apply(new Erf(), x);
  }

  /** d/dx erf(x) = 2/√π · e^(−x²) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, mul(constant(2 / Math.sqrt(Math.PI)), exp(neg(square(x)))));
  }

  @Override
  public double apply(double x) {
    return erf(x);
  }

  /**
   * erf(x) by the series 2/√π · e^(−x²) · Σₙ 2ⁿ x^(2n+1) / (1·3·5···(2n+1)), whose terms are all
   * positive (no cancellation); |erf(x)| rounds to 1 beyond |x| = 6.
   */
  public static double erf(double x) {
    if (Math.abs(x) > 6) {
      return Math.signum(x);
    }
    double term = x;
    double sum = x;
    for (int n = 1; n < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= 2 * x * x / (2 * n + 1);
      sum += term;
    }
    return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
  }
}
