package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Random;

/**
 * An immutable n-dimensional array of {@code double}s, stored row-major.
 *
 * <p>Every factory copies its input except {@link #wrap}, which adopts the array: the caller
 * promises not to change it afterwards. Tensors compare by shape and exact contents; {@link
 * #isCloseTo} compares with a tolerance.
 *
 * <p>Immutable and thread-safe: the elements are never written after construction (the lazily
 * cached hash is a benign race, as in {@code String}).
 */
public final class Tensor {
  private final Shape shape;
  private final double[] data;
  private int hash;

  private Tensor(Shape shape, double[] data) {
    checkArgument(
        data.length == shape.size(),
        "shape %s needs %s values but %s were given",
        shape,
        shape.size(),
        data.length);
    this.shape = shape;
    this.data = data;
  }

  /** A rank-0 tensor. */
  public static Tensor scalar(double value) {
    return new Tensor(Shape.scalar(), new double[] {value});
  }

  /** A rank-1 tensor holding a copy of {@code values}. */
  public static Tensor vector(double... values) {
    checkNotNull(values, "values");
    return new Tensor(Shape.of(values.length), values.clone());
  }

  /**
   * A rank-2 tensor from rows of equal length.
   *
   * @throws IllegalArgumentException when the rows are ragged
   */
  public static Tensor matrix(double[][] rows) {
    checkNotNull(rows, "rows");
    for (int r = 0; r < rows.length; r++) {
      checkNotNull(rows[r], "row %s", r);
    }
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] data = new double[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      checkArgument(
          rows[r].length == cols,
          "ragged matrix: row %s has %s values, row 0 has %s",
          r,
          rows[r].length,
          cols);
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), data);
  }

  /** A tensor of the given shape holding a copy of {@code values} in row-major order. */
  public static Tensor of(Shape shape, double... values) {
    checkNotNull(shape, "shape");
    checkNotNull(values, "values");
    return new Tensor(shape, values.clone());
  }

  /**
   * A tensor that adopts {@code values} without copying (the no-copy path). The caller must not
   * modify the array afterwards: tensors are immutable, and expressions and programs rely on it.
   */
  public static Tensor wrap(Shape shape, double[] values) {
    checkNotNull(shape, "shape");
    checkNotNull(values, "values");
    return new Tensor(shape, values);
  }

  /** A tensor of zeros. */
  public static Tensor zeros(Shape shape) {
    return new Tensor(shape, new double[shape.size()]);
  }

  /** A tensor of zeros with the given dimensions. */
  public static Tensor zeros(int... dims) {
    return zeros(Shape.of(dims));
  }

  /** A tensor of ones. */
  public static Tensor ones(Shape shape) {
    return full(shape, 1.0);
  }

  /** A tensor of ones with the given dimensions. */
  public static Tensor ones(int... dims) {
    return ones(Shape.of(dims));
  }

  /** A tensor with every element equal to {@code value}. */
  public static Tensor full(Shape shape, double value) {
    double[] data = new double[shape.size()];
    Arrays.fill(data, value);
    return new Tensor(shape, data);
  }

  /** Independent standard normal values from a seeded generator, so results reproduce. */
  public static Tensor randomNormal(Shape shape, Random random) {
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    return new Tensor(shape, data);
  }

  /** Independent values uniform in {@code [low, high)} from a seeded generator. */
  public static Tensor randomUniform(Shape shape, double low, double high, Random random) {
    checkArgument(low < high, "empty range [%s, %s)", low, high);
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = low + (high - low) * random.nextDouble();
    }
    return new Tensor(shape, data);
  }

  /** The shape. */
  public Shape shape() {
    return shape;
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.rank();
  }

  /** The number of elements. */
  public int size() {
    return data.length;
  }

  /** The element at {@code index} (one coordinate per axis). */
  public double get(int... index) {
    return data[shape.offset(index)];
  }

  /** The element at a row-major offset. */
  public double getFlat(int offset) {
    checkArgument(
        offset >= 0 && offset < data.length,
        "offset %s is out of bounds for shape %s",
        offset,
        shape);
    return data[offset];
  }

  /**
   * The only element of a tensor with one element (a scalar, or any shape of size 1).
   *
   * @throws IllegalArgumentException when the tensor has more than one element
   */
  public double item() {
    checkArgument(data.length == 1, "item() needs a single element, but the shape is %s", shape);
    return data[0];
  }

  /** A copy of the elements in row-major order. */
  public double[] toArray() {
    return data.clone();
  }

  /** Copies the elements into {@code dst} starting at {@code offset}. */
  public void copyTo(double[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  /**
   * The elements in row-major order without copying. Package-private: callers inside the library
   * promise not to write to it.
   */
  double[] data() {
    return data;
  }

  /** The same elements with another shape of the same size (no copy: both are immutable). */
  public Tensor reshape(int... dims) {
    Shape to = Shape.of(dims);
    checkArgument(
        to.size() == shape.size(), "cannot reshape %s (%s elements) to %s", shape, size(), to);
    return new Tensor(to, data);
  }

  /**
   * The row-major offset of the largest element, as NumPy's {@code argmax()}: the first one among
   * ties, and the first NaN if there is one.
   *
   * @throws IllegalArgumentException when the tensor is empty
   */
  public int argmax() {
    return argExtreme(true);
  }

  /** The row-major offset of the smallest element (the first among ties, or the first NaN). */
  public int argmin() {
    return argExtreme(false);
  }

  /**
   * The index of the largest element along {@code axis} (negative counts from the end), as NumPy's
   * {@code argmax(axis)}: the axis is dropped, the indices are float64 integers (so they bind as
   * the index array of {@code gather}), the first one among ties and the first NaN if there is one.
   * For predictions: {@code logits.argmax(-1)}.
   *
   * @throws IllegalArgumentException when the axis does not fit or has size 0
   */
  public Tensor argmax(int axis) {
    return argExtreme(axis, true);
  }

  /** The index of the smallest element along {@code axis}, as {@link #argmax(int)}. */
  public Tensor argmin(int axis) {
    return argExtreme(axis, false);
  }

  private int argExtreme(boolean max) {
    String name = max ? "argmax" : "argmin";
    checkArgument(data.length > 0, "%s of an empty tensor %s", name, shape);
    return best(0, data.length, 1, max);
  }

  /** The position (0..n−1) of the extreme among data[base + j·stride]; a NaN wins at once. */
  private int best(int base, int n, int stride, boolean max) {
    int best = 0;
    double value = data[base];
    if (Double.isNaN(value)) {
      return 0;
    }
    for (int j = 1; j < n; j++) {
      double v = data[base + j * stride];
      if (Double.isNaN(v)) {
        return j;
      }
      if (max ? v > value : v < value) {
        best = j;
        value = v;
      }
    }
    return best;
  }

  private Tensor argExtreme(int axis, boolean max) {
    String name = max ? "argmax" : "argmin";
    int rank = shape.rank();
    checkArgument(
        axis >= -rank && axis < rank, "%s: axis %s does not fit shape %s", name, axis, shape);
    int a = axis < 0 ? axis + rank : axis;
    int n = shape.dim(a);
    int inner = 1;
    for (int d = a + 1; d < rank; d++) {
      inner *= shape.dim(d);
    }
    int[] dims = new int[rank - 1];
    for (int d = 0, j = 0; d < rank; d++) {
      if (d != a) {
        dims[j++] = shape.dim(d);
      }
    }
    Shape result = Shape.of(dims);
    checkArgument(
        n > 0 || result.size() == 0, "%s: axis %s of shape %s is empty", name, axis, shape);
    double[] out = new double[result.size()];
    int outer = inner == 0 ? 0 : out.length / inner;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        out[o * inner + i] = best(o * n * inner + i, n, inner, max);
      }
    }
    return new Tensor(result, out);
  }

  /** Whether every element is exactly zero. */
  public boolean isAllZero() {
    for (double v : data) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether every element equals {@code value} exactly. */
  public boolean isAll(double value) {
    for (double v : data) {
      if (v != value) {
        return false;
      }
    }
    return true;
  }

  /** The largest absolute elementwise difference; shapes must be equal. */
  public double maxAbsDifference(Tensor other) {
    checkArgument(shape.equals(other.shape), "shapes differ: %s and %s", shape, other.shape);
    double max = 0;
    for (int i = 0; i < data.length; i++) {
      double d = Math.abs(data[i] - other.data[i]);
      if (d > max || Double.isNaN(d)) {
        max = d;
      }
    }
    return max;
  }

  /**
   * Whether the shapes are equal and every pair of elements satisfies {@code |a − b| ≤ absTol +
   * relTol·|b|} (NumPy's {@code allclose}).
   */
  public boolean isCloseTo(Tensor other, double relTol, double absTol) {
    if (!shape.equals(other.shape)) {
      return false;
    }
    for (int i = 0; i < data.length; i++) {
      double a = data[i];
      double b = other.data[i];
      if (!(Math.abs(a - b) <= absTol + relTol * Math.abs(b)) && a != b) {
        return false;
      }
    }
    return true;
  }

  /** Whether every element is finite. */
  public boolean isFinite() {
    for (double v : data) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor other
        && shape.equals(other.shape)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * shape.hashCode() + Arrays.hashCode(data);
      hash = h;
    }
    return h;
  }

  /** Nested brackets like NumPy, e.g. {@code [[1, 2], [3, 4]]}; long tensors are elided. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    append(sb, 0, 0);
    return sb.toString();
  }

  private static final int EDGE = 3;

  private int append(StringBuilder sb, int axis, int offset) {
    if (axis == shape.rank()) {
      sb.append(formatNumber(data[offset]));
      return offset + 1;
    }
    int n = shape.dim(axis);
    int stride = 1;
    for (int a = axis + 1; a < shape.rank(); a++) {
      stride *= shape.dim(a);
    }
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (n > 2 * EDGE + 1 && i == EDGE) {
        sb.append("…, ");
        i = n - EDGE - 1;
        continue;
      }
      append(sb, axis + 1, offset + i * stride);
      if (i < n - 1) {
        sb.append(", ");
      }
    }
    sb.append(']');
    return offset + n * stride;
  }

  /** A number in the shortest form that reads back to the same double. */
  public static String formatNumber(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
