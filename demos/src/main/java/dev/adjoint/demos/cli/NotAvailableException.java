package dev.adjoint.demos.cli;

/**
 * A feature this build does not have yet: the command prints the message and exits with status
 * {@value ErrorReporter#EXIT_NOT_AVAILABLE}.
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class NotAvailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception saying what is missing. */
  public NotAvailableException(String message) {
    super(message);
  }
}
