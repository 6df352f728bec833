package dev.adjoint.autodiff;

/**
 * Thrown when evaluation cannot bind a variable: no value was given for it, or the value's shape
 * differs from the variable's. The message names the variable and both shapes.
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class BindingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the complete message. */
  public BindingException(String message) {
    super(message);
  }
}
