package dev.adjoint.autodiff;

/**
 * Thrown when an expression is built from operands whose shapes do not fit the op. The message
 * names the op, the shapes and the expression, e.g. {@code matmul: inner dimensions differ: [1×3] ·
 * [4×100] in W @ X}.
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class ShapeMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the complete message. */
  public ShapeMismatchException(String message) {
    super(message);
  }
}
