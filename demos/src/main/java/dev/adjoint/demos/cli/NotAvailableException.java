package dev.adjoint.demos.cli;

/**
 * A feature this build does not have yet: the command prints the message and exits with status
 * {@value ErrorReporter#EXIT_NOT_AVAILABLE}.
 */
public final class NotAvailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception saying what is missing. */
  public NotAvailableException(String message) {
    super(message);
  }
}
