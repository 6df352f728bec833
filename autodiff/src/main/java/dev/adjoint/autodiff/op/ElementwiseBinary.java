package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * Base of the elementwise operators of two operands, which broadcast by NumPy's rule. A subclass
 * supplies the loop for precomputed index maps ({@code null} where an operand already has the
 * result's shape).
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

  @Override
  public final Kernel kernel(List<Shape> inputs, Shape output) {
    return kernel(
        IndexMaps.broadcast(inputs.get(0), output), IndexMaps.broadcast(inputs.get(1), output));
  }

  /**
   * The loop {@code out[i] = f(a[ia[i]], b[ib[i]])}, where a {@code null} map means the identity.
   * Each op writes its own loop (rather than calling a shared one through a virtual {@code f}) so
   * that the JIT compiles one monomorphic, inlined loop body per op.
   */
  protected abstract Kernel kernel(int[] ia, int[] ib);

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
