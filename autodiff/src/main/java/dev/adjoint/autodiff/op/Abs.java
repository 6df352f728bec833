package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The absolute value; its derivative at 0 is taken as 0, as in PyTorch.
 *
 * <p>Immutable and thread-safe.
 */
public final class Abs extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Abs() {
    super(
        Notation.function("abs")
            .withForms(
                Notation.Form.enclosing("|#1|"), Notation.Form.enclosing("\\left|#1\\right|")),
        Trait.EVEN,
        Trait.IDEMPOTENT);
  }

  /** d/dx |x| = sign(x) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, sign(x));
  }

  @Override
  public boolean hasKink() {
    return true;
  }

  @Override
  public double apply(double x) {
    return Math.abs(x);
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
