package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.where;
import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code where(cond, a, b)}: {@code a} where {@code cond ≠ 0}, else {@code b}, with broadcasting of
 * all three. The building block of piecewise functions.
 *
 * <p>Immutable and thread-safe.
 */
public final class Where implements Op {

  @Override
  public Notation notation() {
    return Notation.function("where");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 3);
    try {
      return Shape.broadcast(Shape.broadcast(inputs.get(0), inputs.get(1)), inputs.get(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "where: condition "
              + inputs.get(0)
              + ", values "
              + inputs.get(1)
              + " and "
              + inputs.get(2)
              + " do not broadcast");
    }
  }

  /** ∂/∂a = [cond], ∂/∂b = [¬cond]; no gradient flows into the condition. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr cond = inputs.get(0);
    Expr zero = zeros(g.shape());
    return switch (input) {
      case 1 -> where(cond, g, zero);
      case 2 -> where(cond, zero, g);
      default -> zeros(cond.shape());
    };
  }

  /** {@code where(c, a, a) → a} when the shapes allow. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr a = inputs.get(1);
    if (a == inputs.get(2) && shape(inputs.stream().map(Expr::shape).toList()).equals(a.shape())) {
      return Optional.of(a);
    }
    return Optional.empty();
  }

  @Override
  public boolean hasKink() {
    return true;
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] ic = IndexMaps.broadcast(inputs.get(0), output);
    int[] ia = IndexMaps.broadcast(inputs.get(1), output);
    int[] ib = IndexMaps.broadcast(inputs.get(2), output);
    return (in, out) -> {
      double[] c = in[0];
      double[] a = in[1];
      double[] b = in[2];
      for (int i = 0; i < out.length; i++) {
        out[i] =
            c[ic == null ? i : ic[i]] != 0 ? a[ia == null ? i : ia[i]] : b[ib == null ? i : ib[i]];
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Where;
  }

  @Override
  public int hashCode() {
    return Where.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "where";
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE);
  }
}
