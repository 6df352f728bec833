package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The rectifier max(x, 0); its derivative at 0 is taken as 0, as in PyTorch.
 *
 * <p>Immutable and thread-safe.
 */
public final class Relu extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Relu() {
    super("relu", Trait.IDEMPOTENT);
  }

  /** d/dx relu(x) = [x > 0] */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, gt(x, constant(0)));
  }

  @Override
  public boolean hasKink() {
    return true;
  }

  @Override
  public double apply(double x) {
    return x > 0 ? x : 0.0;
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
