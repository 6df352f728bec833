package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.reshape;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The same elements, in the same row-major order, with another shape of the same size.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dims the result's dimensions
 */
public record Reshape(ImmutableList<Integer> dims) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("reshape");
  }

  @Override
  public List<String> parameters() {
    return dims.stream().map(String::valueOf).toList();
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape to = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    if (to.size() != inputs.get(0).size()) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape " + inputs.get(0) + " to " + to + ": sizes differ");
    }
    return to;
  }

  /** The gradient is reshaped back. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return reshape(g, inputs.get(0).shape().dims());
  }

  /** A reshape to the same shape is the operand; a reshape of a reshape is one reshape. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    int[] to = dims.stream().mapToInt(Integer::intValue).toArray();
    if (x.shape().equals(Shape.of(to))) {
      return Optional.of(x);
    }
    if (x.op() instanceof Reshape) {
      return Optional.of(reshape(x.input(0), to));
    }
    return Optional.empty();
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return (in, out) -> System.arraycopy(in[0], 0, out, 0, out.length);
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}
