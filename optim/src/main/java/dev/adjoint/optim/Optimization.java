package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * Runs a {@link Minimizer} on an {@link Objective}: steps it until a {@link StoppingRule} fires or
 * a step fails, tells the {@link IterationListener}s about every iteration, and returns an {@link
 * OptimizationResult}. Immutable; the configuration methods return new instances.
 *
 * <p>Each iteration: the method takes a step; if it failed (line search found no acceptable step,
 * or f or ∇f was not finite at the new point) the run stops with that status; otherwise a record is
 * made, the listeners are called, the run is checked for divergence, and the stopping rule is
 * asked. The rule is also asked at the starting point, so a start that already satisfies the
 * gradient test takes no iterations.
 *
 * <p>Divergence is always checked, before the stopping rule: the run stops with {@link
 * Status#DIVERGED} when f falls below {@value #UNBOUNDED_BELOW} (f is unbounded below, as {@code x}
 * is) or rises more than {@value #BLOW_UP_FACTOR}·max(1, |f_best|) above the lowest value recorded
 * so far (a step size that blows the run up).
 *
 * <p>A run that does not converge returns the best point it evaluated: the lowest finite f with a
 * finite gradient among all evaluations, trial points of line searches included, when that is lower
 * than the final iterate's (for a {@link StochasticObjective}, whose values come from different
 * samples, the final iterate). Its {@link OptimizationResult#state()} still continues from where
 * the run stopped.
 *
 * <p>Immutable; thread-safe when its listeners are, since each call of {@code minimize} keeps its
 * own state.
 */
public final class Optimization {
  /** f below this is taken as unbounded below: the run has {@link Status#DIVERGED}. */
  public static final double UNBOUNDED_BELOW = -1e300;

  /** f rising this many times max(1, |f_best|) above the best value recorded has diverged. */
  public static final double BLOW_UP_FACTOR = 1e10;

  private final Minimizer minimizer;
  private final StoppingRule rule;
  private final ImmutableList<IterationListener> listeners;
  private final boolean recordPoints;

  private Optimization(
      Minimizer minimizer,
      StoppingRule rule,
      ImmutableList<IterationListener> listeners,
      boolean recordPoints) {
    this.minimizer = minimizer;
    this.rule = rule;
    this.listeners = listeners;
    this.recordPoints = recordPoints;
  }

  /** A driver for {@code minimizer} with {@link StoppingRule#defaults()} and no listeners. */
  public static Optimization of(Minimizer minimizer) {
    checkArgument(minimizer != null, "minimizer is null");
    return new Optimization(minimizer, StoppingRule.defaults(), ImmutableList.of(), false);
  }

  /** This driver with {@code rule} replacing the stopping rule. */
  public Optimization stopWhen(StoppingRule rule) {
    checkArgument(rule != null, "stopping rule is null");
    return new Optimization(minimizer, rule, listeners, recordPoints);
  }

  /** This driver with {@code listener} added. */
  public Optimization listener(IterationListener listener) {
    checkArgument(listener != null, "listener is null");
    return new Optimization(
        minimizer,
        rule,
        ImmutableList.<IterationListener>builder().addAll(listeners).add(listener).build(),
        recordPoints);
  }

  /** This driver keeping a copy of every iterate x_k in the history (for plots of paths). */
  public Optimization recordPoints() {
    return new Optimization(minimizer, rule, listeners, true);
  }

  /**
   * Minimises {@code objective} from {@code x0}.
   *
   * @throws IllegalArgumentException if {@code x0} is null, of the wrong length, or not finite, or
   *     the objective lacks what the method needs
   */
  public OptimizationResult minimize(Objective objective, double[] x0) {
    checkArgument(objective != null, "objective is null");
    Vectors.checkPoint("x0", x0, objective.dimension());
    CountingObjective counted = CountingObjective.wrap(objective, 0);
    long start = System.nanoTime();
    MinimizerRun run = minimizer.start(counted, x0.clone());
    return drive(run, counted, 0, start);
  }

  /**
   * Continues the run saved in {@code state} (from {@link OptimizationResult#state()}). With the
   * same objective and method settings, the iterates are bit for bit those of an uninterrupted run.
   *
   * @throws IllegalArgumentException if the state was saved by another method or does not fit
   */
  public OptimizationResult resume(Objective objective, OptimizerState state) {
    checkArgument(objective != null, "objective is null");
    checkArgument(state != null, "state is null");
    state.checkMethod(minimizer.name());
    CountingObjective counted = CountingObjective.wrap(objective, state.evaluations());
    long start = System.nanoTime();
    MinimizerRun run = minimizer.resume(counted, state);
    return drive(run, counted, state.iteration(), start);
  }

  private OptimizationResult drive(
      MinimizerRun run, CountingObjective counted, long iteration, long start) {
    ImmutableList.Builder<IterationRecord> history = ImmutableList.builder();
    IterationRecord record =
        record(iteration, run, Double.NaN, Double.NaN, Double.NaN, counted, start);
    history.add(record);
    notifyListeners(record);
    Termination termination;
    if (!Double.isFinite(run.value()) || !Vectors.allFinite(run.gradient())) {
      termination =
          Termination.of(
              Status.NON_FINITE_VALUE,
              String.format(
                  "f = %s or its gradient is not finite at the starting point", run.value()));
    } else {
      termination = rule.check(record).orElse(null);
    }
    double[] previousPoint = run.point().clone();
    double lowest = run.value();
    while (termination == null) {
      double previousValue = run.value();
      StepOutcome outcome = run.step();
      if (!outcome.isAccepted()) {
        termination = outcome.failure();
        break;
      }
      iteration++;
      double[] point = run.point();
      double stepNorm = Vectors.distanceInf(point, previousPoint);
      System.arraycopy(point, 0, previousPoint, 0, point.length);
      record =
          record(iteration, run, previousValue, stepNorm, outcome.stepLength(), counted, start);
      history.add(record);
      notifyListeners(record);
      IterationRecord current = record;
      termination = divergence(current, lowest).or(() -> rule.check(current)).orElse(null);
      lowest = Math.min(lowest, record.value());
    }
    OptimizerState.Builder state =
        OptimizerState.builder(minimizer.name())
            .iteration(iteration)
            .evaluations(counted.evaluations());
    run.save(state);
    double[] point = run.point();
    double value = run.value();
    double[] gradient = run.gradient();
    boolean better =
        counted.bestPoint() != null && (counted.bestValue() < value || !Double.isFinite(value));
    if (!termination.status().isConverged() && better) {
      point = counted.bestPoint();
      value = counted.bestValue();
      gradient = counted.bestGradient();
      termination =
          Termination.of(
              termination.status(),
              termination.message()
                  + String.format("; returning the best point evaluated, f = %.6g", value));
    }
    return new OptimizationResult(
        minimizer.name(),
        point,
        value,
        gradient,
        iteration,
        counted.evaluations(),
        counted.hessianEvaluations(),
        counted.hessianVectorProducts(),
        termination,
        history.build(),
        state.build(),
        System.nanoTime() - start);
  }

  /** {@link Status#DIVERGED} when f is unbounded below or has blown up above {@code lowest}. */
  private static Optional<Termination> divergence(IterationRecord record, double lowest) {
    double f = record.value();
    if (f < UNBOUNDED_BELOW) {
      return Optional.of(
          Termination.of(
              Status.DIVERGED,
              String.format(
                  "diverged: f = %.3g < %.0e after %d iterations; f looks unbounded below",
                  f, UNBOUNDED_BELOW, record.iteration())));
    }
    double limit = lowest + BLOW_UP_FACTOR * Math.max(1, Math.abs(lowest));
    if (f > limit) {
      return Optional.of(
          Termination.of(
              Status.DIVERGED,
              String.format(
                  "diverged: f = %.3g rose more than %.0e·max(1, |f|) above the lowest value %.6g;"
                      + " the step size may be too large",
                  f, BLOW_UP_FACTOR, lowest)));
    }
    return Optional.empty();
  }

  private IterationRecord record(
      long iteration,
      MinimizerRun run,
      double previousValue,
      double stepNorm,
      double stepLength,
      CountingObjective counted,
      long start) {
    return new IterationRecord(
        iteration,
        run.value(),
        previousValue,
        Vectors.normInf(run.gradient()),
        stepNorm,
        stepLength,
        counted.evaluations(),
        System.nanoTime() - start,
        recordPoints ? run.point().clone() : null);
  }

  private void notifyListeners(IterationRecord record) {
    for (IterationListener listener : listeners) {
      listener.onIteration(record);
    }
  }
}
