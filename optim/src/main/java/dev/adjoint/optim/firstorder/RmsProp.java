package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * RMSProp, as torch.optim.RMSprop:
 *
 * <pre>
 *   g ← ∇f(x) + λx
 *   s ← αs + (1 − α)g²
 *   a ← αa + (1 − α)g,   σ ← √(s − a²) + ε      (centered)
 *                         σ ← √s + ε             (otherwise)
 *   b ← μb + g/σ,  x ← x − ηb                   (momentum μ &gt; 0)
 *   x ← x − ηg/σ                                (otherwise)
 * </pre>
 *
 * The centered average a is updated as torch does, by {@code lerp(a, g, 1 − α)} ({@link
 * TorchArithmetic#lerp}). Defaults as torch: η = 1e-2, α = 0.99, ε = 1e-8, λ = 0, μ = 0, not
 * centered.
 *
 * <p>Immutable and thread-safe.
 */
public final class RmsProp implements Stepper {
  private final double alpha;
  private final double epsilon;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;

  private RmsProp(
      double alpha, double epsilon, double weightDecay, double momentum, boolean centered) {
    this.alpha = alpha;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  /** torch's defaults: α = 0.99, ε = 1e-8, no weight decay, no momentum, not centered. */
  public static RmsProp withDefaults() {
    return of(0.99, 1e-8, 0, 0, false);
  }

  /**
   * RMSProp with every torch setting.
   *
   * @throws IllegalArgumentException unless 0 ≤ α &lt; 1, ε &gt; 0, λ ≥ 0, 0 ≤ μ &lt; 1
   */
  public static RmsProp of(
      double alpha, double epsilon, double weightDecay, double momentum, boolean centered) {
    checkArgument(alpha >= 0 && alpha < 1, "α must be in [0, 1), got %s", alpha);
    checkArgument(epsilon > 0, "ε must be positive, got %s", epsilon);
    checkArgument(weightDecay >= 0, "weight decay must be ≥ 0, got %s", weightDecay);
    checkArgument(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got %s", momentum);
    return new RmsProp(alpha, epsilon, weightDecay, momentum, centered);
  }

  @Override
  public String name() {
    return "RMSProp(α="
        + alpha
        + ", ε="
        + epsilon
        + ", λ="
        + weightDecay
        + ", μ="
        + momentum
        + (centered ? ", centered)" : ")");
  }

  @Override
  public double defaultLearningRate() {
    return 1e-2;
  }

  @Override
  public List<String> bufferNames() {
    return List.of("square_avg", "grad_avg", "momentum_buffer");
  }

  @Override
  public void update(
      double[] x, double[] gradient, double learningRate, long step, double[][] buffers) {
    double[] squareAverage = buffers[0];
    double[] gradientAverage = buffers[1];
    double[] momentumBuffer = buffers[2];
    for (int i = 0; i < x.length; i++) {
      double g = gradient[i] + weightDecay * x[i];
      squareAverage[i] = alpha * squareAverage[i] + (1 - alpha) * g * g;
      double scale;
      if (centered) {
        gradientAverage[i] = TorchArithmetic.lerp(gradientAverage[i], g, 1 - alpha);
        scale = Math.sqrt(squareAverage[i] - gradientAverage[i] * gradientAverage[i]) + epsilon;
      } else {
        scale = Math.sqrt(squareAverage[i]) + epsilon;
      }
      if (momentum > 0) {
        momentumBuffer[i] = momentum * momentumBuffer[i] + g / scale;
        x[i] -= learningRate * momentumBuffer[i];
      } else {
        x[i] -= learningRate * g / scale;
      }
    }
  }
}
