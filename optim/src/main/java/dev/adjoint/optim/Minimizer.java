package dev.adjoint.optim;

/**
 * An unconstrained minimisation method: min_x f(x). Each method is a small immutable class holding
 * its settings; {@link #start} and {@link #resume} create a mutable {@link MinimizerRun} that the
 * {@link Optimization} driver steps under its stopping rules.
 *
 * <pre>{@code
 * OptimizationResult result = Lbfgs.withDefaults().minimize(objective, x0);
 * OptimizationResult result = Optimization.of(Lbfgs.withDefaults())
 *     .stopWhen(StoppingRule.gradientNormBelow(1e-10).or(StoppingRule.maxIterations(200)))
 *     .listener(record -> progress.update(record.iteration(), record.value()))
 *     .minimize(objective, x0);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe: each run keeps its own state.
 */
public interface Minimizer {

  /** A short name that identifies the method and its key settings, e.g. {@code "L-BFGS(m=10)"}. */
  String name();

  /**
   * Starts a run at {@code x0}: evaluates f and ∇f there once.
   *
   * @throws IllegalArgumentException if the objective lacks what the method needs (e.g. a Hessian)
   */
  MinimizerRun start(Objective objective, double[] x0);

  /**
   * Continues a run from a saved state, without evaluating anything.
   *
   * @throws IllegalArgumentException if the state was saved by another method or does not fit
   */
  MinimizerRun resume(Objective objective, OptimizerState state);

  /** Runs this method from {@code x0} under {@link StoppingRule#defaults()}. */
  default OptimizationResult minimize(Objective objective, double[] x0) {
    return Optimization.of(this).minimize(objective, x0);
  }

  /** Runs this method from {@code x0} until {@code rule} fires or a step fails. */
  default OptimizationResult minimize(Objective objective, double[] x0, StoppingRule rule) {
    return Optimization.of(this).stopWhen(rule).minimize(objective, x0);
  }
}
