package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Locale;

/**
 * The dimensions of a tensor: an immutable list of non-negative sizes, rank 0 (a scalar) to {@value
 * #MAX_RANK}.
 *
 * <p>Shapes print as {@code [2×3]}; the scalar shape prints as {@code []}. {@link #broadcast}
 * implements NumPy's broadcasting rule.
 *
 * <p>Immutable and thread-safe.
 */
public final class Shape {
  /** The largest rank a tensor may have. */
  public static final int MAX_RANK = 8;

  /**
   * The most elements a tensor may have: 2²⁸ = 268,435,456, 2 GiB of float64. Every shape is
   * checked against it when it is made, so that a shape rule (a broadcast, a pad, an outer product)
   * asking for more is refused with a message before anything is allocated, rather than failing
   * later with an {@link OutOfMemoryError}.
   */
  public static final int MAX_SIZE = 1 << 28;

  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = Arrays.stream(dims).anyMatch(d -> d == 0) ? 0 : 1;
    for (int d : dims) {
      n *= d;
      if (n > MAX_SIZE) {
        throw new IllegalArgumentException(tooLarge(dims));
      }
    }
    this.size = (int) n;
  }

  /** The shape with the given dimensions; {@code of()} is the scalar shape. */
  public static Shape of(int... dims) {
    checkNotNull(dims, "dims");
    checkArgument(dims.length <= MAX_RANK, "rank %s exceeds the maximum %s", dims.length, MAX_RANK);
    if (dims.length == 0) {
      return SCALAR;
    }
    for (int d : dims) {
      checkArgument(d >= 0, "negative dimension in %s", format(dims));
    }
    return new Shape(dims.clone());
  }

  /** The shape of a rank-0 tensor. */
  public static Shape scalar() {
    return SCALAR;
  }

  /** The number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** The size of one axis; a negative axis counts from the end. */
  public int dim(int axis) {
    return dims[axis(axis)];
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** The number of elements: the product of the dimensions (1 for a scalar). */
  public int size() {
    return size;
  }

  /** Whether this is the rank-0 shape. */
  public boolean isScalar() {
    return dims.length == 0;
  }

  /**
   * Resolves an axis that may be negative (counting from the end) to {@code 0..rank-1}.
   *
   * @throws IllegalArgumentException when the axis is out of range
   */
  public int axis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    checkArgument(a >= 0 && a < dims.length, "axis %s is out of range for shape %s", axis, this);
    return a;
  }

  /** Row-major strides: the distance in elements between neighbours along each axis. */
  public int[] strides() {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= dims[i];
    }
    return strides;
  }

  /** The row-major offset of the element at {@code index}, with bounds checks. */
  public int offset(int... index) {
    checkArgument(
        index.length == dims.length,
        "index %s has %s coordinates but shape %s has rank %s",
        Arrays.toString(index),
        index.length,
        this,
        dims.length);
    int offset = 0;
    for (int i = 0; i < dims.length; i++) {
      checkArgument(
          index[i] >= 0 && index[i] < dims[i],
          "index %s is out of bounds for shape %s",
          Arrays.toString(index),
          this);
      offset = offset * dims[i] + index[i];
    }
    return offset;
  }

  /**
   * The coordinates of the element at a row-major offset.
   *
   * @throws IllegalArgumentException when the offset is not in {@code 0..size-1}
   */
  public int[] index(int offset) {
    checkArgument(
        offset >= 0 && offset < size, "offset %s is out of bounds for shape %s", offset, this);
    int[] index = new int[dims.length];
    for (int i = dims.length - 1; i >= 0; i--) {
      index[i] = offset % dims[i];
      offset /= dims[i];
    }
    return index;
  }

  /**
   * The shape two operands broadcast to, by NumPy's rule: align trailing axes; sizes must be equal
   * or one of them 1.
   *
   * @throws IllegalArgumentException naming both shapes when they do not broadcast
   */
  public static Shape broadcast(Shape a, Shape b) {
    if (a.equals(b)) {
      return a;
    }
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
      int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return new Shape(out);
  }

  /** Whether this shape broadcasts to {@code target} without changing {@code target}. */
  public boolean broadcastsTo(Shape target) {
    if (rank() > target.rank()) {
      return false;
    }
    int lead = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[lead + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Prints as {@code [2×3]}; a scalar as {@code []}. */
  @Override
  public String toString() {
    return format(dims);
  }

  private static String tooLarge(int[] dims) {
    double n = 1;
    for (int d : dims) {
      n *= d;
    }
    return String.format(
        Locale.ROOT,
        "shape %s has %.4g elements, more than the limit of %d (2^28) per tensor",
        format(dims),
        n,
        MAX_SIZE);
  }

  private static String format(int[] dims) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : "×").append(dims[i]);
    }
    return sb.append(']').toString();
  }
}
