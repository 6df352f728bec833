package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Base of the elementwise functions of one argument ({@code exp}, {@code σ}, ...): the result has
 * the argument's shape, the function on one number is written once as {@link #apply(double)}, and
 * the derivative rule once as {@link #derivative}.
 *
 * <p>Both the forward kernel and compiled evaluation's path for single numbers compute {@link
 * #apply(double)}, so they agree bit for bit. The default kernel calls it once per element through
 * this class; an op whose function is a few instructions ({@code neg}, {@code abs}) overrides
 * {@link #kernel} with the same loop written in its own final class, so that the JIT inlines {@code
 * apply} and can vectorise the loop.
 *
 * <p>All instances of one subclass are equal, so a subclass is a stateless final class.
 *
 * <p>Immutable and thread-safe, as are its subclasses.
 */
public abstract class ElementwiseFunction implements Op {
  private final Notation notation;
  private final Set<Trait> traits;

  /** A function written {@code name(x)} in every style, with its algebraic traits. */
  protected ElementwiseFunction(String name, Trait... traits) {
    this(Notation.function(name), traits);
  }

  /** A function with its own notation and algebraic traits (elementwise is implied). */
  protected ElementwiseFunction(Notation notation, Trait... traits) {
    this.notation = notation;
    EnumSet<Trait> all = EnumSet.of(Trait.ELEMENTWISE, traits);
    this.traits = Set.copyOf(all);
  }

  /** The function on one number. */
  public abstract double apply(double x);

  @Override
  public final Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    return inputs.get(0);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return (in, out) -> {
      double[] x = in[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = apply(x[i]);
      }
    };
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
  public final Set<Trait> traits() {
    return traits;
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
