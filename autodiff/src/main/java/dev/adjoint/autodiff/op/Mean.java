package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.div;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Set;

/**
 * The mean over axes (all when none are given).
 *
 * <p>Immutable and thread-safe.
 */
public final class Mean extends Reduction {

  /** The mean over sorted, distinct axes; empty for all. */
  public Mean(List<Integer> axes) {
    super(axes);
  }

  @Override
  public Notation notation() {
    return Notation.function("mean");
  }

  /** ∂/∂xᵢ (Σ x / n) = 1/n. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Shape x = inputs.get(0).shape();
    return spread(div(g, constant(Axes.count(x, axes(x)))), x);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape x = inputs.get(0);
    int n = Axes.count(x, axes(x));
    return fold(
        reduceMap(x),
        0,
        (v, map, out) -> {
          for (int i = 0; i < v.length; i++) {
            out[map[i]] += v[i];
          }
        },
        1.0 / n);
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}
