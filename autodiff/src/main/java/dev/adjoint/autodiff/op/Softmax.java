package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The softmax {@code exp(x) / Σ exp(x)} along one axis, computed stably.
 *
 * <p>Immutable and thread-safe.
 */
public final class Softmax extends AxisNormalization {

  /** Along the non-negative {@code axis}. */
  public Softmax(int axis) {
    super(axis);
  }

  @Override
  public Notation notation() {
    return Notation.function("softmax");
  }

  /** With s = softmax(x): ∂L/∂x = s ⊙ (g − Σ(g ⊙ s)) along the axis. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return mul(out, sub(g, alongAxis(sum(mul(g, out), axis()), out.shape())));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return kernel(
        inputs.get(0),
        (v, out, base, n, stride, lse) -> {
          for (int j = 0; j < n; j++) {
            out[base + j * stride] = Math.exp(v[base + j * stride] - lse);
          }
        });
  }
}
