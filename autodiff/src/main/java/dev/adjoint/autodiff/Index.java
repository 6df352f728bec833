package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.op.Slice;

/**
 * One axis of a NumPy-style index: an integer ({@code x[2]}, {@code x[-1]}; the axis is dropped) or
 * a range {@code start:stop:step} where any bound may be omitted and negative values count from the
 * end, exactly as in Python.
 *
 * <p>Immutable and thread-safe.
 */
public final class Index {
  private final Integer start;
  private final Integer stop;
  private final int step;
  private final boolean single;

  private Index(Integer start, Integer stop, int step, boolean single) {
    checkArgument(step != 0, "slice step cannot be zero");
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.single = single;
  }

  /** The single element {@code i} (negative counts from the end); the axis is dropped. */
  public static Index at(int i) {
    return new Index(i, null, 1, true);
  }

  /** Every element: {@code :}. */
  public static Index all() {
    return new Index(null, null, 1, false);
  }

  /** {@code start:stop}. */
  public static Index range(int start, int stop) {
    return new Index(start, stop, 1, false);
  }

  /** {@code start:stop:step}; {@code null} bounds are omitted ones. */
  public static Index range(Integer start, Integer stop, int step) {
    return new Index(start, stop, step, false);
  }

  /** Resolves this index against an axis of size {@code dim}, as Python's {@code slice.indices}. */
  public Slice.Range resolve(int axis, int dim) {
    if (single) {
      int i = start < 0 ? start + dim : start;
      checkArgument(
          i >= 0 && i < dim, "index %s is out of bounds for axis %s of size %s", start, axis, dim);
      return new Slice.Range(i, 1, 1, true);
    }
    int lo;
    int hi;
    if (step > 0) {
      lo = start == null ? 0 : clamp(start < 0 ? start + dim : start, 0, dim);
      hi = stop == null ? dim : clamp(stop < 0 ? stop + dim : stop, 0, dim);
    } else {
      lo = start == null ? dim - 1 : clamp(start < 0 ? start + dim : start, -1, dim - 1);
      hi = stop == null ? -1 : clamp(stop < 0 ? stop + dim : stop, -1, dim - 1);
    }
    int count =
        step > 0
            ? Math.max(0, (hi - lo + step - 1) / step)
            : Math.max(0, (lo - hi - step - 1) / -step);
    return new Slice.Range(count == 0 ? 0 : lo, count, step, false);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  @Override
  public String toString() {
    if (single) {
      return String.valueOf(start);
    }
    return (start == null ? "" : start)
        + ":"
        + (stop == null ? "" : stop)
        + (step == 1 ? "" : ":" + step);
  }
}
