package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.eq;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import java.util.List;

/**
 * Base of {@link Max} and {@link Min}: the gradient flows to the elements that attain the extreme,
 * shared equally among ties, as in JAX.
 */
abstract class Extremum extends Reduction {

  Extremum(List<Integer> axes) {
    super(axes);
  }

  /** ∂/∂xᵢ ext(x) = [xᵢ = ext(x)] / (number of ties). */
  @Override
  public final Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Shape kept = Axes.kept(x.shape(), axes(x.shape()));
    Expr isExtreme = eq(x, broadcastTo(reshape(out, kept.dims()), x.shape()));
    Expr ties = sum(isExtreme, axes(x.shape()));
    return mul(spread(div(g, ties), x.shape()), isExtreme);
  }

  @Override
  public final boolean hasKink() {
    return true;
  }
}
