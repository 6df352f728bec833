package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The leaf op of a {@link dev.adjoint.autodiff.Constant}: its kernel writes the fixed value.
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the constant tensor
 */
public record ConstantOp(Tensor value) implements Op {

  @Override
  public Shape shape(List<Shape> inputs) {
    return value.shape();
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    double[] data = value.toArray();
    return (in, out) -> System.arraycopy(data, 0, out, 0, data.length);
  }

  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    throw new IllegalStateException("a constant has no inputs");
  }

  @Override
  public Notation notation() {
    String text = value.toString();
    return new Notation(
        Notation.Fixity.ATOM,
        text,
        text,
        text,
        Notation.PRECEDENCE_ATOM,
        Notation.Associativity.NONE);
  }
}
