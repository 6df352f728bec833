package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.ScalarFunctions;
import java.util.List;

/**
 * The logistic function σ(x) = 1/(1 + e⁻ˣ), computed without overflow.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sigmoid extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Sigmoid() {
    super(Notation.function("sigmoid", "σ", "\\sigma"));
  }

  /** d/dx σ(x) = σ(x)(1 − σ(x)) */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return mul(g, mul(out, sub(constant(1), out)));
  }

  @Override
  public double apply(double x) {
    return ScalarFunctions.sigmoid(x);
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
