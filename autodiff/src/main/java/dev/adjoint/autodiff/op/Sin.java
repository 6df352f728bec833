package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The sine.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sin extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Sin() {
    super("sin", Trait.ODD);
  }

  /** d/dx sin x = cos x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, cos(x));
  }

  @Override
  public double apply(double x) {
    return Math.sin(x);
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
