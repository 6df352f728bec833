package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.slice;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The cumulative sum along one axis, as NumPy's {@code cumsum(x, axis)}: {@code out[..., i, ...] =
 * Σ_{j ≤ i} x[..., j, ...]}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CumSum extends AxisNormalization {

  /** Along the non-negative {@code axis}. */
  public CumSum(int axis) {
    super(axis);
  }

  @Override
  public Notation notation() {
    return Notation.function("cumsum");
  }

  /**
   * ∂/∂xⱼ Σ_{i} gᵢ Σ_{j' ≤ i} x_{j'} = Σ_{i ≥ j} gᵢ: the cumulative sum of g from the end, written
   * as {@code cumsum(g reversed)} reversed along the axis.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return reversed(Exprs.cumsum(reversed(g), axis()));
  }

  private Expr reversed(Expr x) {
    Index[] indices = new Index[axis() + 1];
    for (int a = 0; a < axis(); a++) {
      indices[a] = Index.all();
    }
    indices[axis()] = Index.range(null, null, -1);
    return slice(x, indices);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] loop = Axes.outerAlongInner(inputs.get(0), axis());
    int outer = loop[0];
    int n = loop[1];
    int inner = loop[2];
    return (in, out) -> {
      double[] x = in[0];
      if (n == 0) {
        return;
      }
      for (int o = 0; o < outer; o++) {
        int base = o * n * inner;
        for (int i = 0; i < inner; i++) {
          out[base + i] = x[base + i];
        }
        for (int j = 1; j < n; j++) {
          int row = base + j * inner;
          for (int i = 0; i < inner; i++) {
            out[row + i] = out[row - inner + i] + x[row + i];
          }
        }
      }
    };
  }
}
