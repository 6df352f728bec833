package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The minimum over axes (all when none are given). The gradient is shared equally among tied
 * elements, as in JAX (see {@link Extremum}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Min extends Extremum {

  /** The minimum over sorted, distinct axes; empty for all. */
  public Min(List<Integer> axes) {
    super(axes);
  }

  @Override
  public Notation notation() {
    return Notation.function("min");
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return fold(
        reduceMap(inputs.get(0)),
        Double.POSITIVE_INFINITY,
        (x, map, out) -> {
          for (int i = 0; i < x.length; i++) {
            out[map[i]] = Math.min(out[map[i]], x[i]);
          }
        },
        1);
  }
}
