package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Set;

/**
 * The sum over axes (all when none are given).
 *
 * <p>Immutable and thread-safe.
 */
public final class Sum extends Reduction {

  /** The sum over sorted, distinct axes; empty for all. */
  public Sum(List<Integer> axes) {
    super(axes);
  }

  @Override
  public Notation notation() {
    return Notation.function("sum", "sum", "\\sum");
  }

  /** ∂/∂xᵢ Σ x = 1: the gradient is spread over the summed axes. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return spread(g, inputs.get(0).shape());
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return fold(
        reduceMap(inputs.get(0)),
        0,
        (x, map, out) -> {
          for (int i = 0; i < x.length; i++) {
            out[map[i]] += x[i];
          }
        },
        1);
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}
