package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The sign, −1, 0 or 1; piecewise constant, so no gradient flows through it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sign extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Sign() {
    super("sign", Trait.ODD, Trait.IDEMPOTENT);
  }

  /** d/dx sign(x) = 0 almost everywhere */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return zeros(x.shape());
  }

  @Override
  public boolean isDifferentiable() {
    return false;
  }

  @Override
  public double apply(double x) {
    return Math.signum(x);
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
