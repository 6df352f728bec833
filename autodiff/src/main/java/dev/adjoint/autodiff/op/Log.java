package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The natural logarithm.
 *
 * <p>Immutable and thread-safe.
 */
public final class Log extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Log() {
    super("log");
  }

  /** d/dx log x = 1/x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, x);
  }

  @Override
  public double apply(double x) {
    return Math.log(x);
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
