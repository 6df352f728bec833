package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.scatterAdd;
import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Arrays;
import java.util.List;

/**
 * Whole slices picked by a vector of indices, as PyTorch's {@code index_select(x, axis, idx)} (an
 * embedding lookup when x is the table and the axis 0): {@code out[..., j, ...] = x[..., idx[j],
 * ...]}. The result has x's shape with the axis resized to the number of indices. Indices are
 * float64 integers, negative ones counting from the end, checked when evaluated.
 *
 * <p>Immutable and thread-safe.
 *
 * @param axis the non-negative axis indexed
 */
public record IndexSelect(int axis) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("index_select");
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
    if (idx.rank() != 1) {
      throw new IllegalArgumentException(
          name() + ": the indices must be a vector, not " + idx + " (reshape them first)");
    }
    int[] dims = x.dims();
    dims[axis] = idx.dim(0);
    return Shape.of(dims);
  }

  /**
   * ∂/∂x: each slice of g is added to the slice it was taken from, {@code scatter_add} with the
   * indices broadcast along the other axes, so repeated indices accumulate; no gradient flows into
   * the indices.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr idx = inputs.get(1);
    if (input == 1) {
      return zeros(idx.shape());
    }
    int[] column = new int[g.shape().rank()];
    Arrays.fill(column, 1);
    column[axis] = idx.shape().dim(0);
    Expr spread = broadcastTo(reshape(idx, column), g.shape());
    return scatterAdd(g, spread, axis, x.shape().dim(axis));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape x = inputs.get(0);
    Shape idxShape = inputs.get(1);
    int[] loop = Axes.outerAlongInner(x, axis);
    int outer = loop[0];
    int size = loop[1];
    int inner = loop[2];
    int along = idxShape.dim(0);
    String name = name();
    return (in, out) -> {
      double[] v = in[0];
      double[] idx = in[1];
      for (int j = 0; j < along; j++) {
        int r = Indices.resolve(name, idx[j], size, idxShape, j, axis);
        for (int o = 0; o < outer; o++) {
          System.arraycopy(v, (o * size + r) * inner, out, (o * along + j) * inner, inner);
        }
      }
    };
  }
}
