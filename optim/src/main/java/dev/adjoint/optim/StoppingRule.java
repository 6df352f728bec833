package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A test applied after every iteration (and to the starting point) that may end the run. Rules
 * compose with {@link #or}: the first rule that fires decides the status.
 *
 * <pre>{@code
 * StoppingRule rule = StoppingRule.gradientNormBelow(1e-8)
 *     .or(StoppingRule.relativeValueChangeBelow(1e-15))
 *     .or(StoppingRule.maxIterations(500));
 * }</pre>
 *
 * <p>The rules made here are stateless and thread-safe; each judges only the record it is given.
 */
@FunctionalInterface
public interface StoppingRule {

  /** Returns why the run should stop after {@code record}, or empty to continue. */
  Optional<Termination> check(IterationRecord record);

  /** A rule that fires when this one or {@code other} does (this one is asked first). */
  default StoppingRule or(StoppingRule other) {
    checkArgument(other != null, "other rule is null");
    StoppingRule first = this;
    return record -> {
      Optional<Termination> stop = first.check(record);
      return stop.isPresent() ? stop : other.check(record);
    };
  }

  /** A rule that fires when any of {@code rules} does, asked in order. */
  static StoppingRule anyOf(StoppingRule... rules) {
    checkArgument(rules != null && rules.length > 0, "at least one rule is needed");
    List<StoppingRule> list = List.of(rules);
    return record -> {
      for (StoppingRule rule : list) {
        Optional<Termination> stop = rule.check(record);
        if (stop.isPresent()) {
          return stop;
        }
      }
      return Optional.empty();
    };
  }

  /** Converged when ‖∇f(x_k)‖∞ ≤ {@code tolerance}. Also tested at the starting point. */
  static StoppingRule gradientNormBelow(double tolerance) {
    checkArgument(tolerance >= 0, "gradient tolerance must be ≥ 0, got %s", tolerance);
    return record ->
        record.gradientNorm() <= tolerance
            ? Optional.of(
                Termination.of(
                    Status.CONVERGED_GRADIENT_NORM,
                    String.format(
                        "converged: ‖∇f‖∞ = %.3g ≤ %.3g", record.gradientNorm(), tolerance)))
            : Optional.empty();
  }

  /**
   * Converged when |f_{k−1} − f_k| ≤ {@code tolerance} · max(|f_{k−1}|, |f_k|): the relative change
   * of f in one iteration. Never fires at iteration 0.
   */
  static StoppingRule relativeValueChangeBelow(double tolerance) {
    checkArgument(tolerance >= 0, "value-change tolerance must be ≥ 0, got %s", tolerance);
    return record -> {
      if (record.iteration() == 0) {
        return Optional.empty();
      }
      double change = Math.abs(record.previousValue() - record.value());
      double scale = Math.max(Math.abs(record.previousValue()), Math.abs(record.value()));
      return change <= tolerance * scale
          ? Optional.of(
              Termination.of(
                  Status.CONVERGED_VALUE_CHANGE,
                  String.format(
                      "converged: |Δf| = %.3g ≤ %.3g · max(|f|) = %.3g",
                      change, tolerance, tolerance * scale)))
          : Optional.empty();
    };
  }

  /** Converged when ‖x_k − x_{k−1}‖∞ ≤ {@code tolerance}. Never fires at iteration 0. */
  static StoppingRule stepSizeBelow(double tolerance) {
    checkArgument(tolerance >= 0, "step tolerance must be ≥ 0, got %s", tolerance);
    return record ->
        record.iteration() > 0 && record.stepNorm() <= tolerance
            ? Optional.of(
                Termination.of(
                    Status.CONVERGED_STEP_SIZE,
                    String.format("converged: ‖Δx‖∞ = %.3g ≤ %.3g", record.stepNorm(), tolerance)))
            : Optional.empty();
  }

  /** Stops after {@code limit} iterations. */
  static StoppingRule maxIterations(long limit) {
    checkArgument(limit >= 0, "iteration limit must be ≥ 0, got %s", limit);
    return record ->
        record.iteration() >= limit
            ? Optional.of(
                Termination.of(
                    Status.ITERATION_LIMIT,
                    String.format("stopped: iteration limit %d reached", limit)))
            : Optional.empty();
  }

  /**
   * Stops once {@code limit} evaluations of f and ∇f have been made. Tested between iterations, so
   * a line search may overshoot the limit by its own evaluations.
   */
  static StoppingRule maxEvaluations(long limit) {
    checkArgument(limit >= 1, "evaluation limit must be ≥ 1, got %s", limit);
    return record ->
        record.evaluations() >= limit
            ? Optional.of(
                Termination.of(
                    Status.EVALUATION_LIMIT,
                    String.format(
                        "stopped: %d evaluations ≥ limit %d", record.evaluations(), limit)))
            : Optional.empty();
  }

  /** Stops once the wall time since the run started reaches {@code budget}. */
  static StoppingRule wallTime(Duration budget) {
    checkArgument(
        budget != null && !budget.isNegative(), "wall-time budget must be ≥ 0, got %s", budget);
    long nanos = budget.toNanos();
    return record ->
        record.elapsedNanos() >= nanos
            ? Optional.of(
                Termination.of(
                    Status.TIME_LIMIT, String.format("stopped: wall time %s used up", budget)))
            : Optional.empty();
  }

  /** Diverged when f(x_k) > {@code limit}. */
  static StoppingRule valueAbove(double limit) {
    checkArgument(!Double.isNaN(limit), "divergence limit is NaN");
    return record ->
        record.value() > limit
            ? Optional.of(
                Termination.of(
                    Status.DIVERGED,
                    String.format("diverged: f = %.3g > %.3g", record.value(), limit)))
            : Optional.empty();
  }

  /** The default rule: ‖∇f‖∞ ≤ 1e-6, or 1000 iterations. */
  static StoppingRule defaults() {
    return gradientNormBelow(1e-6).or(maxIterations(1000));
  }
}
