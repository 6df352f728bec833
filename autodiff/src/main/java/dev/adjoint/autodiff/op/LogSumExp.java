package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sub;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LogSumExpKernel;
import java.util.List;

/**
 * {@code log Σ exp(x)} along one axis, or over all elements, computed stably by shifting by the
 * maximum.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogSumExp extends Reduction {

  /** Along one axis ({@code List.of(axis)}), or over all elements ({@code List.of()}). */
  public LogSumExp(List<Integer> axes) {
    super(axes);
    if (axes.size() > 1) {
      throw new IllegalArgumentException("logsumexp reduces one axis or all, not " + axes);
    }
  }

  @Override
  public Notation notation() {
    return Notation.function("logsumexp");
  }

  /** ∂/∂xᵢ log Σ eˣ = e^(xᵢ − out) = softmax(x)ᵢ. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Shape kept = Axes.kept(x.shape(), axes(x.shape()));
    Expr softmax = exp(sub(x, broadcastTo(reshape(out, kept.dims()), x.shape())));
    return mul(spread(g, x.shape()), softmax);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape x = inputs.get(0);
    int[] loop =
        axes().isEmpty() ? new int[] {1, x.size(), 1} : Axes.outerAlongInner(x, axes().get(0));
    int outer = loop[0];
    int n = loop[1];
    int inner = loop[2];
    return (in, out) -> {
      double[] v = in[0];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          out[o * inner + i] = LogSumExpKernel.of(v, o * n * inner + i, n, inner);
        }
      }
    };
  }
}
