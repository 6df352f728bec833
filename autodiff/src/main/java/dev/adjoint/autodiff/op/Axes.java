package dev.adjoint.autodiff.op;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Shape;
import java.util.List;

/** Axis bookkeeping shared by the reductions. */
final class Axes {
  private Axes() {}

  /** A mask over {@code shape}'s axes marking those in {@code axes}. */
  static boolean[] mask(Shape shape, List<Integer> axes) {
    boolean[] mask = new boolean[shape.rank()];
    for (int a : axes) {
      mask[a] = true;
    }
    return mask;
  }

  /** {@code shape} with the reduced axes removed. */
  static Shape reduced(Shape shape, List<Integer> axes) {
    boolean[] mask = mask(shape, axes);
    int[] dims = new int[shape.rank() - axes.size()];
    int j = 0;
    for (int a = 0; a < shape.rank(); a++) {
      if (!mask[a]) {
        dims[j++] = shape.dim(a);
      }
    }
    return Shape.of(dims);
  }

  /** {@code shape} with the reduced axes kept as size 1 (NumPy's keepdims). */
  static Shape kept(Shape shape, List<Integer> axes) {
    int[] dims = shape.dims();
    for (int a : axes) {
      dims[a] = 1;
    }
    return Shape.of(dims);
  }

  /** The number of elements reduced into each result element. */
  static int count(Shape shape, List<Integer> axes) {
    int n = 1;
    for (int a : axes) {
      n *= shape.dim(a);
    }
    return n;
  }

  /** Checks that every axis is in {@code 0..rank-1}, sorted and distinct (factories normalise). */
  static void check(Op op, Shape shape, List<Integer> axes) {
    int previous = -1;
    for (int a : axes) {
      if (a <= previous || a >= shape.rank()) {
        throw new IllegalArgumentException(
            op.name() + ": axes " + axes + " do not fit shape " + shape);
      }
      previous = a;
    }
  }

  /** All axes of a shape. */
  static ImmutableList<Integer> all(Shape shape) {
    ImmutableList.Builder<Integer> b = ImmutableList.builder();
    for (int a = 0; a < shape.rank(); a++) {
      b.add(a);
    }
    return b.build();
  }

  /** The printed parameters of a reduction: none when it reduces every axis. */
  static List<String> parameters(List<Integer> axes, boolean all) {
    return all ? List.of() : axes.stream().map(String::valueOf).toList();
  }

  /** The number of elements before, along and after {@code axis}, for strided loops. */
  static int[] outerAlongInner(Shape shape, int axis) {
    int outer = 1;
    for (int a = 0; a < axis; a++) {
      outer *= shape.dim(a);
    }
    int inner = 1;
    for (int a = axis + 1; a < shape.rank(); a++) {
      inner *= shape.dim(a);
    }
    return new int[] {outer, shape.dim(axis), inner};
  }
}
