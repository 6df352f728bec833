package dev.adjoint.autodiff;

/**
 * Thrown by a finite-checking evaluation when an op produces NaN or an infinity from finite inputs.
 * The message names the op, the first bad element and the expression.
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class NonFiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final transient Expr producer;

  /** An exception naming the node that produced the value. */
  public NonFiniteException(String message, Expr producer) {
    super(message);
    this.producer = producer;
  }

  /** The expression whose op produced the non-finite value. */
  public Expr producer() {
    return producer;
  }
}
