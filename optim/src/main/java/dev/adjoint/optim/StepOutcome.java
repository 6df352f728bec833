package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The outcome of one {@link MinimizerRun#step()}: either the step was taken (with its length), or
 * it failed with a status and a message and the run is left at its last accepted point.
 *
 * <p>Immutable and thread-safe.
 */
public final class StepOutcome {
  private final double stepLength;
  private final Termination failure;

  private StepOutcome(double stepLength, Termination failure) {
    this.stepLength = stepLength;
    this.failure = failure;
  }

  /** The step was taken; {@code stepLength} is α (line search) or the learning rate (stepper). */
  public static StepOutcome accepted(double stepLength) {
    return new StepOutcome(stepLength, null);
  }

  /** The step failed; the run stays at its last accepted point. */
  public static StepOutcome failed(Status status, String message) {
    checkArgument(!status.isConverged(), "a failed step cannot have status %s", status);
    return new StepOutcome(Double.NaN, Termination.of(status, message));
  }

  /** Whether the step was taken. */
  public boolean isAccepted() {
    return failure == null;
  }

  /** α or the learning rate; NaN for a failed step. */
  public double stepLength() {
    return stepLength;
  }

  /**
   * Why the step failed.
   *
   * @throws IllegalStateException if the step was accepted
   */
  public Termination failure() {
    if (failure == null) {
      throw new IllegalStateException("the step was accepted");
    }
    return failure;
  }
}
