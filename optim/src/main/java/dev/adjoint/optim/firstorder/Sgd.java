package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and L2 weight decay,
 * exactly as torch.optim.SGD:
 *
 * <pre>
 *   g ← ∇f(x) + λx                                  (weight decay λ)
 *   b ← g                     on the first update    (momentum μ &gt; 0)
 *   b ← μb + (1 − τ)g         afterwards             (dampening τ)
 *   u ← g + μb  (Nesterov)   or   u ← b  (heavy ball)   or   u ← g  (μ = 0)
 *   x ← x − ηu
 * </pre>
 *
 * Defaults as torch: η = 1e-3, μ = 0, τ = 0, λ = 0. Nesterov needs μ &gt; 0 and τ = 0.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sgd implements Stepper {
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;

  private Sgd(double momentum, double dampening, double weightDecay, boolean nesterov) {
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  /** Plain SGD: x ← x − η∇f(x). */
  public static Sgd plain() {
    return new Sgd(0, 0, 0, false);
  }

  /** Heavy-ball momentum μ, no dampening. */
  public static Sgd momentum(double momentum) {
    return of(momentum, 0, 0, false);
  }

  /** Nesterov momentum μ. */
  public static Sgd nesterov(double momentum) {
    return of(momentum, 0, 0, true);
  }

  /**
   * SGD with every torch.optim.SGD setting.
   *
   * @throws IllegalArgumentException if μ, τ or λ is negative or not finite, μ ≥ 1, or Nesterov is
   *     asked with μ = 0 or τ ≠ 0
   */
  public static Sgd of(double momentum, double dampening, double weightDecay, boolean nesterov) {
    checkArgument(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got %s", momentum);
    checkArgument(
        dampening >= 0 && dampening <= 1, "dampening must be in [0, 1], got %s", dampening);
    checkArgument(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "weight decay must be ≥ 0, got %s",
        weightDecay);
    checkArgument(
        !nesterov || (momentum > 0 && dampening == 0),
        "Nesterov momentum requires momentum > 0 and zero dampening, got μ = %s, τ = %s",
        momentum,
        dampening);
    return new Sgd(momentum, dampening, weightDecay, nesterov);
  }

  @Override
  public String name() {
    if (momentum == 0) {
      return "SGD(λ=" + weightDecay + ")";
    }
    return (nesterov ? "SGD-Nesterov(μ=" : "SGD-momentum(μ=")
        + momentum
        + ", τ="
        + dampening
        + ", λ="
        + weightDecay
        + ")";
  }

  @Override
  public double defaultLearningRate() {
    return 1e-3;
  }

  @Override
  public List<String> bufferNames() {
    return momentum == 0 ? List.of() : List.of("momentum_buffer");
  }

  @Override
  public void update(
      double[] x, double[] gradient, double learningRate, long step, double[][] buffers) {
    for (int i = 0; i < x.length; i++) {
      double g = gradient[i] + weightDecay * x[i];
      if (momentum != 0) {
        double[] buffer = buffers[0];
        buffer[i] = step == 1 ? g : momentum * buffer[i] + (1 - dampening) * g;
        g = nesterov ? g + momentum * buffer[i] : buffer[i];
      }
      x[i] -= learningRate * g;
    }
  }
}
