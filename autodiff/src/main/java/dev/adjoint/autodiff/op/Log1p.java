package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * {@code log(1 + x)}, accurate for small x.
 *
 * <p>Immutable and thread-safe.
 */
public final class Log1p extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Log1p() {
    super("log1p");
  }

  /** d/dx log(1 + x) = 1/(1 + x) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, add(constant(1), x));
  }

  @Override
  public double apply(double x) {
    return Math.log1p(x);
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
