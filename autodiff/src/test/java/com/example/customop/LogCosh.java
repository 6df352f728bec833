package com.example.customop;

import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.tanh;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Notation;
import dev.adjoint.autodiff.op.Trait;

/** log cosh x, a smooth |x| (the log-cosh loss), as a user-defined op. */
public final class LogCosh extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public LogCosh() {
    super(Notation.function("logcosh", "logcosh", "\\log\\cosh"), Trait.EVEN);
  }

  /** The expression {@code logcosh(x)}, elementwise. */
  public static Expr logcosh(Expr x) {
    return Expr.apply(new LogCosh(), x);
  }

  /** d/dx log cosh x = tanh x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, tanh(x));
  }

  /** |x| + log(1 + e^(−2|x|)) − log 2, which does not overflow where cosh x would. */
  @Override
  public double apply(double x) {
    double a = Math.abs(x);
    return a + Math.log1p(Math.exp(-2 * a)) - Math.log(2);
  }
}
