package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.slice;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operands joined along one axis; every other axis must agree.
 *
 * <p>Immutable and thread-safe.
 *
 * @param axis the non-negative axis joined along
 */
public record Concat(int axis) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("concat");
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(axis));
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one operand");
    }
    Shape first = inputs.get(0);
    if (axis < 0 || axis >= first.rank()) {
      throw new IllegalArgumentException("concat: axis " + axis + " does not fit shape " + first);
    }
    int[] dims = first.dims();
    dims[axis] = 0;
    for (Shape s : inputs) {
      boolean fits = s.rank() == first.rank();
      for (int a = 0; fits && a < s.rank(); a++) {
        fits = a == axis || s.dim(a) == first.dim(a);
      }
      if (!fits) {
        throw new IllegalArgumentException(
            "concat: shapes " + first + " and " + s + " differ off axis " + axis);
      }
      dims[axis] += s.dim(axis);
    }
    return Shape.of(dims);
  }

  /** Joining a single operand is the operand (its axis is still checked by {@link #shape}). */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    return inputs.size() == 1 ? Optional.of(inputs.get(0)) : Optional.empty();
  }

  /** Each operand's gradient is its block of {@code g}. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    int offset = 0;
    for (int i = 0; i < input; i++) {
      offset += inputs.get(i).shape().dim(axis);
    }
    Shape shape = g.shape();
    ImmutableList.Builder<Slice.Range> ranges = ImmutableList.builder();
    for (int a = 0; a < shape.rank(); a++) {
      ranges.add(
          a == axis
              ? new Slice.Range(offset, inputs.get(input).shape().dim(axis), 1, false)
              : new Slice.Range(0, shape.dim(a), 1, false));
    }
    return slice(g, ranges.build());
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] loop = Axes.outerAlongInner(output, axis);
    int outer = loop[0];
    int inner = loop[2];
    int total = loop[1];
    int[] widths = inputs.stream().mapToInt(s -> s.dim(axis) * inner).toArray();
    return (in, out) -> {
      int offset = 0;
      for (int k = 0; k < in.length; k++) {
        int width = widths[k];
        for (int o = 0; o < outer; o++) {
          System.arraycopy(in[k], o * width, out, o * total * inner + offset, width);
        }
        offset += width;
      }
    };
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}
