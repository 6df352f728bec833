package dev.adjoint.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Arrays;
import java.util.List;

/**
 * {@code one_hot(labels, k)}: for class indices {@code labels} (float64 values that must be
 * integers in {@code 0..k-1}), the tensor of shape {@code labels.shape + [k]} that is 1 at each
 * label's class and 0 elsewhere, as in PyTorch's {@code one_hot} and NumPy's {@code
 * eye(k)[labels]}.
 *
 * <p>Labels are bound like any other value, so they are checked when the kernel runs: a label that
 * is not an integer, or out of range, stops the evaluation with a message naming the op, the value
 * and its position. Piecewise constant in the labels, so no gradient flows to them.
 *
 * <p>Immutable and thread-safe.
 */
public final class OneHot implements Op {
  private final int classes;

  /**
   * One-hot vectors of length {@code classes}.
   *
   * @throws IllegalArgumentException unless {@code classes >= 1}
   */
  public OneHot(int classes) {
    checkArgument(
        classes >= 1, "one_hot: the number of classes must be at least 1, not %s", classes);
    this.classes = classes;
  }

  /** The number of classes {@code k}: the length of the new last axis. */
  public int classes() {
    return classes;
  }

  @Override
  public Notation notation() {
    return Notation.function("one_hot");
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(classes));
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    int[] labels = inputs.get(0).dims();
    int[] dims = Arrays.copyOf(labels, labels.length + 1);
    dims[labels.length] = classes;
    return Shape.of(dims);
  }

  /** Piecewise constant in the labels: no gradient. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return zeros(inputs.get(0).shape());
  }

  @Override
  public boolean isDifferentiable() {
    return false;
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape labelShape = inputs.get(0);
    int k = classes;
    return (in, out) -> {
      double[] labels = in[0];
      Arrays.fill(out, 0);
      for (int i = 0; i < labels.length; i++) {
        double label = labels[i];
        if (!(label >= 0 && label < k && label == Math.rint(label))) {
          throw new IllegalArgumentException(badLabel(labelShape, i, label, k));
        }
        out[i * k + (int) label] = 1;
      }
    };
  }

  /** {@code one_hot: labels[1, 0] is 3.5, not a class index (an integer from 0 to 2)}. */
  private static String badLabel(Shape shape, int offset, double label, int k) {
    String at = shape.isScalar() ? "the label" : "labels" + Arrays.toString(shape.index(offset));
    String value =
        label == Math.rint(label) && Math.abs(label) < 1e15
            ? String.valueOf((long) label)
            : String.valueOf(label);
    String range = k == 1 ? "0, the only class" : "an integer from 0 to " + (k - 1);
    return "one_hot: " + at + " is " + value + ", not a class index (" + range + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OneHot h && h.classes == classes;
  }

  @Override
  public int hashCode() {
    return OneHot.class.getName().hashCode() * 31 + classes;
  }

  @Override
  public String toString() {
    return "one_hot(" + classes + ")";
  }
}
