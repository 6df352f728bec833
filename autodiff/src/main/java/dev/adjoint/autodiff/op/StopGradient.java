package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The identity in value, a constant to differentiation: no gradient flows through it.
 *
 * <p>Immutable and thread-safe.
 */
public final class StopGradient extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public StopGradient() {
    super("stop_gradient", Trait.IDEMPOTENT);
  }

  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return zeros(x.shape());
  }

  @Override
  public boolean isDifferentiable() {
    return false;
  }

  /** The value passes through unchanged. */
  @Override
  public double apply(double x) {
    return x;
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return (in, out) -> System.arraycopy(in[0], 0, out, 0, out.length);
  }
}
