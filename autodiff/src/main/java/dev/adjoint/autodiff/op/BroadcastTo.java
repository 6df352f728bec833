package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.sumTo;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Repeats the operand along axes of size 1 and new leading axes, by NumPy's broadcasting rule.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dims the result's dimensions
 */
public record BroadcastTo(ImmutableList<Integer> dims) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("broadcast");
  }

  @Override
  public List<String> parameters() {
    return dims.stream().map(String::valueOf).toList();
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape to = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    if (!inputs.get(0).broadcastsTo(to)) {
      throw new IllegalArgumentException(
          "broadcast: cannot broadcast " + inputs.get(0) + " to " + to);
    }
    return to;
  }

  /** The gradient is summed back over the repeated axes. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return sumTo(g, inputs.get(0).shape());
  }

  /** Broadcasting to the operand's own shape is the operand; nested broadcasts are one. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    Shape to = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    if (x.shape().equals(to)) {
      return Optional.of(x);
    }
    if (x.op() instanceof BroadcastTo) {
      return Optional.of(broadcastTo(x.input(0), to));
    }
    return Optional.empty();
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] map = IndexMaps.broadcast(inputs.get(0), output);
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
