package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The hyperbolic tangent.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tanh extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Tanh() {
    super("tanh", Trait.ODD);
  }

  /** d/dx tanh x = 1 − tanh² x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, sub(constant(1), square(out)));
  }

  @Override
  public double apply(double x) {
    return Math.tanh(x);
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
