package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The maximum over axes (all when none are given). The gradient is shared equally among tied
 * elements, as in JAX (see {@link Extremum}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Max extends Extremum {

  /** The maximum over sorted, distinct axes; empty for all. */
  public Max(List<Integer> axes) {
    super(axes);
  }

  @Override
  public Notation notation() {
    return Notation.function("max");
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
