package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Arrays;

/**
 * Integer index arrays held as float64 values ({@link Gather}, {@link IndexSelect}, {@link
 * ScatterAdd}): each value is checked when the kernel reads it, and an index that is not an integer
 * or is out of range is refused with one line naming the op, the value and its position.
 */
final class Indices {
  private Indices() {}

  /**
   * The non-negative index that {@code value} stands for on an axis of {@code size} (negative
   * values count from the end, as in NumPy).
   *
   * @param op the op's name, for the message
   * @param indices the shape of the index array, for the message
   * @param offset the value's offset in the index array, for the message
   * @param axis the indexed axis, for the message
   * @throws IllegalArgumentException when the value is not an integer or is out of range
   */
  static int resolve(String op, double value, int size, Shape indices, int offset, int axis) {
    if (value != Math.rint(value)) {
      throw new IllegalArgumentException(
          op
              + ": index "
              + Tensor.formatNumber(value)
              + " at "
              + Arrays.toString(indices.index(offset))
              + " of the indices is not an integer");
    }
    if (value < -size || value >= size) {
      throw new IllegalArgumentException(
          op
              + ": index "
              + Tensor.formatNumber(value)
              + " at "
              + Arrays.toString(indices.index(offset))
              + " of the indices is out of range for axis "
              + axis
              + " of size "
              + size
              + (size == 0 ? "" : " (valid: " + -size + " to " + (size - 1) + ")"));
    }
    int i = (int) value;
    return i < 0 ? i + size : i;
  }

  /**
   * Where each value of a take-along-axis index array points: for the value at offset {@code at},
   * the offset of the element it selects in a tensor of {@code indices}' shape with {@code axis}
   * resized to {@code size}. Shared by {@link Gather} (which reads there) and {@link ScatterAdd}
   * (which adds there), each value checked by {@link #resolve}.
   */
  static int[] targets(String op, double[] idx, Shape indices, int axis, int size) {
    int[] loop = Axes.outerAlongInner(indices, axis);
    int outer = loop[0];
    int along = loop[1];
    int inner = loop[2];
    int[] targets = new int[idx.length];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < along; j++) {
        for (int i = 0; i < inner; i++) {
          int at = (o * along + j) * inner + i;
          targets[at] = (o * size + resolve(op, idx[at], size, indices, at, axis)) * inner + i;
        }
      }
    }
    return targets;
  }

  /** Checks that {@code axis} is an axis of {@code shape}. */
  static void checkAxis(String op, int axis, Shape shape) {
    if (axis < 0 || axis >= shape.rank()) {
      throw new IllegalArgumentException(op + ": axis " + axis + " does not fit shape " + shape);
    }
  }
}
