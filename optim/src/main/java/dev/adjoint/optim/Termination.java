package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Why a run stopped: a {@link Status} and a human-readable message that names the rule and the
 * numbers, e.g. {@code "converged: ‖∇f‖∞ = 3.1e-09 ≤ 1e-08"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Termination {
  private final Status status;
  private final String message;

  private Termination(Status status, String message) {
    this.status = status;
    this.message = message;
  }

  /** A termination with the given status and message. */
  public static Termination of(Status status, String message) {
    checkArgument(status != null, "status is null");
    checkArgument(message != null, "message is null");
    return new Termination(status, message);
  }

  /** The status. */
  public Status status() {
    return status;
  }

  /** The human-readable reason. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return status + ": " + message;
  }
}
