package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The leaf op of a {@link dev.adjoint.autodiff.Variable}: its value is supplied by the bindings
 * when a program runs, so it has no kernel and no inputs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the variable's name
 */
public record VariableOp(String name) implements Op {

  @Override
  public Shape shape(List<Shape> inputs) {
    throw new IllegalStateException("a variable's shape is given, not inferred");
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    throw new IllegalStateException("variable " + name + " is bound, not computed");
  }

  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    throw new IllegalStateException("a variable has no inputs");
  }

  @Override
  public Notation notation() {
    return new Notation(
        Notation.Fixity.ATOM,
        name,
        name,
        name,
        Notation.PRECEDENCE_ATOM,
        Notation.Associativity.NONE);
  }
}
