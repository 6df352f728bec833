package dev.adjoint.optim;

/**
 * An objective whose first-order methods see a sampled estimate f_t, ∇f_t at update t (a
 * minibatch), while {@link #valueAndGradient} stays the full objective. Sample t must be a
 * deterministic function of t, so resumed runs see the same samples.
 *
 * <p>Implementations need not be thread-safe: a run calls its objective from one thread.
 */
public interface StochasticObjective extends Objective {

  /**
   * Computes the sampled value f_t(x) and writes ∇f_t(x) into {@code gradient}.
   *
   * @param draw the sample number t = 0, 1, 2, …
   */
  double sampleValueAndGradient(long draw, double[] x, double[] gradient);
}
