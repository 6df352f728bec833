package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.gather;
import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Arrays;
import java.util.List;

/**
 * Scatter-add along an axis, as PyTorch's {@code zeros(...).scatter_add(axis, idx, g)}: a tensor of
 * g's shape with the axis resized to {@code size}, zero but for {@code out[..., idx[..., j, ...],
 * ...] += g[..., j, ...]}; repeated indices accumulate. It is the adjoint of {@link Gather} and
 * appears in gradients of {@code gather} and {@code index_select}. Indices are float64 integers of
 * g's shape, negative ones counting from the end, checked when evaluated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param axis the non-negative axis scattered along
 * @param size the result's dimension along the axis
 */
public record ScatterAdd(int axis, int size) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("scatter_add");
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(axis), String.valueOf(size));
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 2);
    Shape g = inputs.get(0);
    Shape idx = inputs.get(1);
    Indices.checkAxis(name(), axis, g);
    if (!idx.equals(g)) {
      throw new IllegalArgumentException(
          name() + ": the indices " + idx + " must have the shape of the values " + g);
    }
    if (size < 0) {
      throw new IllegalArgumentException(name() + ": the size " + size + " is negative");
    }
    int[] dims = g.dims();
    dims[axis] = size;
    return Shape.of(dims);
  }

  /** Linear in g: ∂/∂g = {@code gather(g', idx)}; no gradient flows into the indices. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr idx = inputs.get(1);
    return input == 0 ? gather(g, idx, axis) : zeros(idx.shape());
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape idxShape = inputs.get(1);
    // evaluation may reach a gradient's scatter-add before the gather the user wrote
    String name = name() + " (in gradients of gather and index_select)";
    return (in, out) -> {
      double[] g = in[0];
      int[] to = Indices.targets(name, in[1], idxShape, axis, size);
      Arrays.fill(out, 0);
      for (int at = 0; at < g.length; at++) {
        out[to[at]] += g[at];
      }
    };
  }
}
