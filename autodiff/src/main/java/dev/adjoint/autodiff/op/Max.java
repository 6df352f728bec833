package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.eq;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The maximum over axes (all when none are given). The gradient is shared equally among tied
 * elements, as in JAX.
 */
public final class Max extends Reduction {

  /** The maximum over sorted, distinct axes; empty for all. */
  public Max(List<Integer> axes) {
    super(axes);
  }

  @Override
  public Notation notation() {
    return Notation.function("max");
  }

  /** ∂/∂xᵢ max(x) = [xᵢ = max(x)] / (number of ties). */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Shape kept = Axes.kept(x.shape(), axes(x.shape()));
    Expr isExtreme = eq(x, broadcastTo(reshape(out, kept.dims()), x.shape()));
    Expr ties = sum(isExtreme, axes(x.shape()));
    return mul(spread(div(g, ties), x.shape()), isExtreme);
  }

  @Override
  public boolean hasKink() {
    return true;
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return fold(
        reduceMap(inputs.get(0)),
        Double.NEGATIVE_INFINITY,
        (x, map, out) -> {
          for (int i = 0; i < x.length; i++) {
            out[map[i]] = Math.max(out[map[i]], x[i]);
          }
        },
        1);
  }
}
