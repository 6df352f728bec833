package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.reshape;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LogSumExpKernel;
import java.util.List;

/**
 * Base of {@link Softmax}, {@link LogSoftmax} and {@link CumSum}: ops along one axis that keep the
 * operand's shape. Holds the axis, the shape rule, the printed parameter and equality.
 */
abstract class AxisNormalization implements Op {
  private final int axis;

  AxisNormalization(int axis) {
    this.axis = axis;
  }

  /** The non-negative axis normalised over. */
  public final int axis() {
    return axis;
  }

  @Override
  public final Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape x = inputs.get(0);
    if (axis < 0 || axis >= x.rank()) {
      throw new IllegalArgumentException(name() + ": axis " + axis + " does not fit shape " + x);
    }
    return x;
  }

  @Override
  public final List<String> parameters() {
    return List.of(String.valueOf(axis));
  }

  /** A reduction along the axis, broadcast back over the full shape. */
  final Expr alongAxis(Expr reduced, Shape shape) {
    int[] kept = shape.dims();
    kept[axis] = 1;
    return broadcastTo(reshape(reduced, kept), shape);
  }

  /** Writes one group's results, given its elements' {@code log Σ exp}. */
  interface GroupWriter {
    void write(double[] v, double[] out, int base, int n, int stride, double logSumExp);
  }

  /** A kernel that visits each group along the axis once, with its stable {@code log Σ exp}. */
  final Kernel kernel(Shape x, GroupWriter writer) {
    int[] loop = Axes.outerAlongInner(x, axis);
    int outer = loop[0];
    int n = loop[1];
    int inner = loop[2];
    return (in, out) -> {
      double[] v = in[0];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          int base = o * n * inner + i;
          writer.write(v, out, base, n, inner, LogSumExpKernel.of(v, base, n, inner));
        }
      }
    };
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((AxisNormalization) o).axis == axis;
  }

  @Override
  public final int hashCode() {
    return getClass().getName().hashCode() * 31 + axis;
  }

  @Override
  public String toString() {
    return name() + "[axis=" + axis + "]";
  }
}
