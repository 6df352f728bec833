package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.pad;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * NumPy basic indexing: per axis, an integer (the axis is dropped) or a strided range. Ranges are
 * stored resolved (non-negative start, element count), so {@code x[-1]} and {@code x[2]} on a
 * length-3 axis are the same node.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ranges one resolved range per axis of the operand
 */
public record Slice(ImmutableList<Range> ranges) implements Op {

  /**
   * The elements {@code start, start + step, ...} ({@code count} of them) of one axis.
   *
   * @param start the first index, in range
   * @param count how many elements
   * @param step the stride, non-zero (negative walks backwards)
   * @param drop whether the axis was indexed by an integer and is removed from the result
   */
  public record Range(int start, int count, int step, boolean drop) {
    /**
     * Ranges that select the same elements are one range: an empty range is {@code 0:0}, and a
     * single element is taken with step 1. So {@code x[1:1]} and {@code x[0:0]} (or {@code
     * x[0:1:2]} and {@code x[0:1]}) are one node, and the printed form, which cannot tell them
     * apart, parses back to the same node.
     */
    public Range {
      if (count == 0 && !drop) {
        start = 0;
        step = 1;
      } else if (count == 1) {
        step = 1;
      }
    }

    /** Whether this range selects exactly every element of an axis of size {@code dim}. */
    boolean isWhole(int dim) {
      return !drop && start == 0 && step == 1 && count == dim;
    }

    /** The Python form: {@code 2}, {@code 1:4}, {@code 0:6:2}, {@code 2::-1}. */
    @Override
    public String toString() {
      if (drop) {
        return String.valueOf(start);
      }
      int stop = start + count * step;
      String stopText = stop < 0 ? "" : String.valueOf(stop);
      return start + ":" + stopText + (step == 1 ? "" : ":" + step);
    }
  }

  @Override
  public Notation notation() {
    return new Notation(
        Notation.Fixity.INDEX,
        "[]",
        "[]",
        "[]",
        Notation.PRECEDENCE_POSTFIX,
        Notation.Associativity.NONE);
  }

  @Override
  public List<String> parameters() {
    return ranges.stream().map(Range::toString).toList();
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape x = inputs.get(0);
    checkFits(x, ranges, "index");
    List<Integer> dims = new ArrayList<>();
    for (Range r : ranges) {
      if (!r.drop()) {
        dims.add(r.count());
      }
    }
    return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Checks that the ranges address elements of {@code full}. */
  static void checkFits(Shape full, List<Range> ranges, String what) {
    if (ranges.size() != full.rank()) {
      throw new IllegalArgumentException(
          what + ": " + ranges.size() + " indices for shape " + full + " of rank " + full.rank());
    }
    for (int a = 0; a < ranges.size(); a++) {
      Range r = ranges.get(a);
      int last = r.start() + (r.count() - 1) * r.step();
      if (r.step() == 0
          || r.count() < 0
          || (r.count() > 0 && (r.start() < 0 || r.start() >= full.dim(a)))
          || (r.count() > 0 && (last < 0 || last >= full.dim(a)))) {
        throw new IllegalArgumentException(
            what + ": " + r + " is out of bounds for axis " + a + " of shape " + full);
      }
    }
  }

  /** The box of elements read, with dropped axes kept as size 1. */
  static Shape box(List<Range> ranges) {
    return Shape.of(ranges.stream().mapToInt(Range::count).toArray());
  }

  static int[] starts(List<Range> ranges) {
    return ranges.stream().mapToInt(Range::start).toArray();
  }

  static int[] steps(List<Range> ranges) {
    return ranges.stream().mapToInt(Range::step).toArray();
  }

  /** The gradient is scattered back into zeros of the operand's shape. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return pad(g, inputs.get(0).shape(), ranges);
  }

  /** Selecting every element of every axis is the operand. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Shape x = inputs.get(0).shape();
    for (int a = 0; a < ranges.size() && a < x.rank(); a++) {
      if (!ranges.get(a).isWhole(x.dim(a))) {
        return Optional.empty();
      }
    }
    return ranges.size() == x.rank() ? Optional.of(inputs.get(0)) : Optional.empty();
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] map = IndexMaps.box(inputs.get(0), box(ranges), starts(ranges), steps(ranges));
    return (in, out) -> {
      double[] x = in[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = x[map[i]];
      }
    };
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}
