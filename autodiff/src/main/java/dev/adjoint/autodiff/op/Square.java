package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The elementwise square {@code x²}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Square extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Square() {
    super(
        Notation.function("square")
            .withForms(Notation.Form.superscript("²"), Notation.Form.superscript("^{2}")),
        Trait.EVEN);
  }

  /** d/dx x² = 2x */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, mul(constant(2), x));
  }

  @Override
  public double apply(double x) {
    return x * x;
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
