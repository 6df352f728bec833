package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The square root.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sqrt extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Sqrt() {
    super(
        Notation.function("sqrt", "√", "\\sqrt")
            .withForms(null, Notation.Form.enclosing("\\sqrt{#1}")));
  }

  /** d/dx √x = 1/(2√x) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return div(g, mul(constant(2), out));
  }

  @Override
  public double apply(double x) {
    return Math.sqrt(x);
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
