package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Set;

/**
 * Base of the elementwise operators of two operands, which broadcast by NumPy's rule. The function
 * on two numbers is written once as {@link #apply(double, double)}: the forward kernel and compiled
 * evaluation's path for single numbers both compute it, so they agree bit for bit.
 *
 * <p>Immutable and thread-safe, as are its subclasses.
 */
public abstract class ElementwiseBinary implements Op {

  @Override
  public final Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 2);
    try {
      return Shape.broadcast(inputs.get(0), inputs.get(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(wordName() + ": " + e.getMessage());
    }
  }

  /**
   * The op's name as a word for messages: {@code add} rather than {@code +}, since the expression
   * quoted after the message already shows the symbol.
   */
  private String wordName() {
    return notation().fixity() == Notation.Fixity.INFIX
        ? getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
        : name();
  }

  @Override
  public final Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr y = inputs.get(1);
    return input == 0 ? dx(g, out, x, y) : dy(g, out, x, y);
  }

  /** The gradient with respect to {@code x}, given {@code g} and the result {@code out}. */
  protected abstract Expr dx(Expr g, Expr out, Expr x, Expr y);

  /** The gradient with respect to {@code y}, given {@code g} and the result {@code out}. */
  protected abstract Expr dy(Expr g, Expr out, Expr x, Expr y);

  /** The function on two numbers. */
  public abstract double apply(double x, double y);

  /** Elementwise; subclasses add what else holds ({@link Trait#COMMUTATIVE}, ...). */
  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE);
  }

  @Override
  public final Kernel kernel(List<Shape> inputs, Shape output) {
    return kernel(
        IndexMaps.broadcast(inputs.get(0), output), IndexMaps.broadcast(inputs.get(1), output));
  }

  /**
   * The loop {@code out[i] = apply(a[ia[i]], b[ib[i]])}, where a {@code null} map means the
   * identity. The arithmetic operators override it with the same loop written in their own final
   * class, so that the JIT compiles one monomorphic loop body per op with {@code apply} inlined.
   */
  protected Kernel kernel(int[] ia, int[] ib) {
    return (in, out) -> {
      double[] a = in[0];
      double[] b = in[1];
      for (int i = 0; i < out.length; i++) {
        out[i] = apply(a[ia == null ? i : ia[i]], b[ib == null ? i : ib[i]]);
      }
    };
  }

  /** All instances of a stateless subclass are equal; parameterised subclasses override. */
  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().getName().hashCode();
  }

  @Override
  public String toString() {
    return name();
  }
}
