package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The learning rate η_t used for update t = 0, 1, 2, … (the number of updates already taken).
 * Implementations are pure functions of t, so a resumed run sees the same rates.
 *
 * <p>The schedules made here are pure functions of the step, immutable and thread-safe.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** η_t for the update that follows {@code step} earlier updates. */
  double rate(long step);

  /** η_t = η. */
  static LearningRateSchedule constant(double rate) {
    checkRate(rate);
    return step -> rate;
  }

  /** η_t = η γ^⌊t / s⌋: multiplied by γ every s updates (torch's StepLR). */
  static LearningRateSchedule step(double rate, long stepSize, double gamma) {
    checkRate(rate);
    checkArgument(stepSize >= 1, "step size must be ≥ 1, got %s", stepSize);
    checkArgument(gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got %s", gamma);
    return step -> rate * Math.pow(gamma, step / stepSize);
  }

  /** η_t = η γ^t (torch's ExponentialLR). */
  static LearningRateSchedule exponential(double rate, double gamma) {
    checkRate(rate);
    checkArgument(gamma > 0 && gamma <= 1, "gamma must be in (0, 1], got %s", gamma);
    return step -> rate * Math.pow(gamma, step);
  }

  /**
   * η_t = η_min + (η − η_min)(1 + cos(π min(t, T) / T)) / 2: cosine annealing from η to η_min over
   * T updates, then η_min (torch's CosineAnnealingLR without restarts).
   */
  static LearningRateSchedule cosine(double rate, long totalSteps, double minimumRate) {
    checkRate(rate);
    checkArgument(totalSteps >= 1, "total steps must be ≥ 1, got %s", totalSteps);
    checkArgument(
        minimumRate >= 0 && minimumRate <= rate,
        "minimum rate must be in [0, %s], got %s",
        rate,
        minimumRate);
    return step -> {
      double progress = (double) Math.min(step, totalSteps) / totalSteps;
      return minimumRate + (rate - minimumRate) * (1 + Math.cos(Math.PI * progress)) / 2;
    };
  }

  /** η_t = η / (1 + d t): 1/t decay. */
  static LearningRateSchedule inverseTime(double rate, double decay) {
    checkRate(rate);
    checkArgument(decay >= 0 && Double.isFinite(decay), "decay must be ≥ 0, got %s", decay);
    return step -> rate / (1 + decay * step);
  }

  private static void checkRate(double rate) {
    checkArgument(
        rate > 0 && Double.isFinite(rate), "learning rate must be positive, got %s", rate);
  }
}
