package dev.adjoint.optim.firstorder;

import java.util.List;

/**
 * One first-order update rule x ← x − η·u(g, buffers), such as SGD with momentum or Adam. A stepper
 * is immutable: its mutable state lives in named buffers (one vector per name, each of the point's
 * length, zero at the start) owned by the run, so it can be saved and restored.
 *
 * <p>Implementations are immutable and thread-safe: a run's state lives in the buffers it passes
 * in.
 */
public interface Stepper {

  /** A short name with the settings, e.g. {@code "Adam(β1=0.9, β2=0.999, ε=1e-08)"}. */
  String name();

  /** The default learning rate (torch.optim's). */
  double defaultLearningRate();

  /** The names of the buffers this stepper keeps, e.g. {@code ["exp_avg", "exp_avg_sq"]}. */
  List<String> bufferNames();

  /**
   * Applies update number {@code step} (1 for the first, as torch's {@code state['step']}) in
   * place.
   *
   * @param x the parameters, updated in place
   * @param gradient ∇f at x; not modified
   * @param learningRate η for this update
   * @param step the 1-based update number
   * @param buffers the buffers, in the order of {@link #bufferNames()}, updated in place
   */
  void update(double[] x, double[] gradient, double learningRate, long step, double[][] buffers);
}
