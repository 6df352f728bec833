package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * log(1 + eˣ), computed without overflow.
 *
 * <p>Immutable and thread-safe.
 */
public final class Softplus extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Softplus() {
    super("softplus");
  }

  /** d/dx log(1 + eˣ) = σ(x) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, sigmoid(x));
  }

  @Override
  public double apply(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return (in, out) -> {
      double[] x = in[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = apply(x[i]);
      }
    };
  }
}
