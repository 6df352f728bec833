package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import java.util.List;

/**
 * Base of the elementwise functions of one argument ({@code exp}, {@code σ}, ...): the result has
 * the argument's shape, and the derivative rule is written once as {@link #derivative}.
 *
 * <p>All instances of one subclass are equal, so a subclass is a stateless final class.
 *
 * <p>Immutable and thread-safe, as are its subclasses.
 */
public abstract class ElementwiseFunction implements Op {
  private final Notation notation;

  /** A function written {@code name(x)} in every style. */
  protected ElementwiseFunction(String name) {
    this(Notation.function(name));
  }

  /** A function with its own notation. */
  protected ElementwiseFunction(Notation notation) {
    this.notation = notation;
  }

  @Override
  public final Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    return inputs.get(0);
  }

  @Override
  public final Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return derivative(g, out, inputs.get(0));
  }

  /**
   * The gradient with respect to the argument {@code x}, given the incoming gradient {@code g} and
   * the result {@code out} = f(x).
   */
  protected abstract Expr derivative(Expr g, Expr out, Expr x);

  @Override
  public final Notation notation() {
    return notation;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().getName().hashCode();
  }

  @Override
  public String toString() {
    return name();
  }
}
