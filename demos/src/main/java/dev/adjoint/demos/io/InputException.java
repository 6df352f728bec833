package dev.adjoint.demos.io;

/**
 * Bad input from the user (a malformed value, an unknown variable or method): the command line
 * prints the message as one line and exits with status 2, without a stack trace.
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message is the complete line to show. */
  public InputException(String message) {
    super(message);
  }

  /** An exception whose message is the complete line to show, keeping the cause for --debug. */
  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
