package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The {@code n×n} identity matrix {@code I}, written {@code eye(n)} in the language. It has no
 * operands, so it stays a node (rather than a folded constant) and prints as {@code I}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param n the number of rows and columns, from 1 to {@link #MAX_SIZE}
 */
public record Eye(int n) implements Op {

  /** The largest size: 2²⁴ elements, as for the language's other constants. */
  public static final int MAX_SIZE = 4096;

  /** Checks the size. */
  public Eye {
    if (n < 1 || n > MAX_SIZE) {
      throw new IllegalArgumentException(
          "eye: the size must be between 1 and " + MAX_SIZE + ", not " + n);
    }
  }

  @Override
  public Notation notation() {
    return Notation.atomInMath("eye", "I", "I");
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(n));
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 0);
    return Shape.of(n, n);
  }

  /** Never called: there are no operands. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    throw new IllegalStateException("eye has no operands");
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return (in, out) -> {
      java.util.Arrays.fill(out, 0);
      for (int i = 0; i < n; i++) {
        out[i * n + i] = 1;
      }
    };
  }
}
