package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * {@code x − logsumexp(x)} along one axis: log-probabilities, computed stably.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogSoftmax extends AxisNormalization {

  /** Along the non-negative {@code axis}. */
  public LogSoftmax(int axis) {
    super(axis);
  }

  @Override
  public Notation notation() {
    return Notation.function("log_softmax");
  }

  /** With out = log softmax(x): ∂L/∂x = g − exp(out) ⊙ Σ g along the axis. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return sub(g, mul(exp(out), alongAxis(sum(g, axis()), out.shape())));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return kernel(
        inputs.get(0),
        (v, out, base, n, stride, lse) -> {
          for (int j = 0; j < n; j++) {
            out[base + j * stride] = v[base + j * stride] - lse;
          }
        });
  }
}
