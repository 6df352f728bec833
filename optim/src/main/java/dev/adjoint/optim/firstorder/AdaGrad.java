package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * AdaGrad, as torch.optim.Adagrad:
 *
 * <pre>
 *   g ← ∇f(x) + λx
 *   η_t ← η / (1 + (t − 1)·d)          (learning-rate decay d)
 *   s ← s + g²
 *   x ← x − η_t g / (√s + ε)
 * </pre>
 *
 * Defaults as torch: η = 1e-2, d = 0, λ = 0, initial accumulator 0, ε = 1e-10.
 *
 * <p>Immutable and thread-safe.
 */
public final class AdaGrad implements Stepper {
  private final double learningRateDecay;
  private final double weightDecay;
  private final double epsilon;

  private AdaGrad(double learningRateDecay, double weightDecay, double epsilon) {
    this.learningRateDecay = learningRateDecay;
    this.weightDecay = weightDecay;
    this.epsilon = epsilon;
  }

  /** torch's defaults: d = 0, λ = 0, ε = 1e-10. */
  public static AdaGrad withDefaults() {
    return of(0, 0, 1e-10);
  }

  /**
   * AdaGrad with the given learning-rate decay, weight decay and ε.
   *
   * @throws IllegalArgumentException if d or λ is negative or ε is not positive
   */
  public static AdaGrad of(double learningRateDecay, double weightDecay, double epsilon) {
    checkArgument(learningRateDecay >= 0, "learning-rate decay must be ≥ 0");
    checkArgument(weightDecay >= 0, "weight decay must be ≥ 0, got %s", weightDecay);
    checkArgument(epsilon > 0, "ε must be positive, got %s", epsilon);
    return new AdaGrad(learningRateDecay, weightDecay, epsilon);
  }

  @Override
  public String name() {
    return "AdaGrad(d=" + learningRateDecay + ", λ=" + weightDecay + ", ε=" + epsilon + ")";
  }

  @Override
  public double defaultLearningRate() {
    return 1e-2;
  }

  @Override
  public List<String> bufferNames() {
    return List.of("sum");
  }

  @Override
  public void update(
      double[] x, double[] gradient, double learningRate, long step, double[][] buffers) {
    double[] sum = buffers[0];
    double rate = learningRate / (1 + (step - 1) * learningRateDecay);
    for (int i = 0; i < x.length; i++) {
      double g = gradient[i] + weightDecay * x[i];
      sum[i] += g * g;
      x[i] -= rate * g / (Math.sqrt(sum[i]) + epsilon);
    }
  }
}
