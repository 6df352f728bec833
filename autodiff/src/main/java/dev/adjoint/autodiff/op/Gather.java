package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.scatterAdd;
import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * Take-along-axis, as NumPy's {@code take_along_axis(x, idx, axis)} and PyTorch's {@code gather(x,
 * axis, idx)}: {@code out[..., j, ...] = x[..., idx[..., j, ...], ...]}. The index array has x's
 * rank and x's dimensions except along the axis; the result has the index array's shape. Indices
 * are float64 integers, negative ones counting from the end, checked when evaluated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param axis the non-negative axis indexed
 */
public record Gather(int axis) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("gather");
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(axis));
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 2);
    Shape x = inputs.get(0);
    Shape idx = inputs.get(1);
    Indices.checkAxis(name(), axis, x);
    boolean fits = idx.rank() == x.rank();
    for (int a = 0; fits && a < x.rank(); a++) {
      fits = a == axis || idx.dim(a) == x.dim(a);
    }
    if (!fits) {
      throw new IllegalArgumentException(
          name()
              + ": the indices "
              + idx
              + " must have the shape of "
              + x
              + " except along axis "
              + axis);
    }
    return idx;
  }

  /**
   * ∂/∂x: each gᵢ is added to the element it was taken from, {@code scatter_add(g, idx)}, so
   * repeated indices accumulate; no gradient flows into the indices.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr idx = inputs.get(1);
    return input == 0 ? scatterAdd(g, idx, axis, x.shape().dim(axis)) : zeros(idx.shape());
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape idxShape = inputs.get(1);
    int size = inputs.get(0).dim(axis);
    String name = name();
    return (in, out) -> {
      double[] x = in[0];
      int[] from = Indices.targets(name, in[1], idxShape, axis, size);
      for (int at = 0; at < out.length; at++) {
        out[at] = x[from[at]];
      }
    };
  }
}
