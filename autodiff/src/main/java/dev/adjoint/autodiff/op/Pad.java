package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.slice;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The adjoint of {@link Slice}: a tensor of zeros of shape {@code dims} with the operand written at
 * the positions the slice would read. It is what the gradient of indexing is made of.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dims the result's dimensions
 * @param ranges where the operand's elements go, as for {@link Slice}
 */
public record Pad(ImmutableList<Integer> dims, ImmutableList<Slice.Range> ranges) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("pad");
  }

  @Override
  public List<String> parameters() {
    return List.of(
        dims.toString().replace(" ", ""),
        ranges.stream().map(Slice.Range::toString).toList().toString().replace(" ", ""));
  }

  private Shape full() {
    return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape full = full();
    Slice.checkFits(full, ranges, "pad");
    Shape expected = new Slice(ranges).shape(List.of(full));
    if (!inputs.get(0).equals(expected)) {
      throw new IllegalArgumentException(
          "pad: operand " + inputs.get(0) + " does not fill the slice " + expected);
    }
    return full;
  }

  /** The gradient is the slice that this pad fills. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return slice(g, ranges);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] map = IndexMaps.box(output, Slice.box(ranges), Slice.starts(ranges), Slice.steps(ranges));
    return (in, out) -> {
      double[] x = in[0];
      Arrays.fill(out, 0);
      for (int i = 0; i < x.length; i++) {
        out[map[i]] = x[i];
      }
    };
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}
