package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The exponential {@code eˣ}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Exp extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Exp() {
    super("exp");
  }

  /** d/dx eˣ = eˣ */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, out);
  }

  @Override
  public double apply(double x) {
    return Math.exp(x);
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
