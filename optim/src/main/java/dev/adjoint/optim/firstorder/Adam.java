package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Adam and AdamW, as torch.optim.Adam / torch.optim.AdamW (without amsgrad):
 *
 * <pre>
 *   x ← x(1 − ηλ)                    (AdamW: decoupled weight decay)
 *   g ← ∇f(x) + λx                   (Adam: L2 weight decay)
 *   m ← β₁m + (1 − β₁)g
 *   v ← β₂v + (1 − β₂)g²
 *   x ← x − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * for update t = 1, 2, …. The first moment is updated as torch does, by {@code lerp(m, g, 1 − β₁)}
 * ({@link TorchArithmetic#lerp}), which equals β₁m + (1 − β₁)g up to rounding. Defaults as torch: η
 * = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8; λ = 0 for Adam and 1e-2 for AdamW.
 *
 * <p>Immutable and thread-safe.
 */
public final class Adam implements Stepper {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final boolean decoupled;

  private Adam(double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  /** Adam with torch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
  public static Adam withDefaults() {
    return of(0.9, 0.999, 1e-8, 0);
  }

  /** AdamW with torch's defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 1e-2. */
  public static Adam adamW() {
    return adamW(0.9, 0.999, 1e-8, 1e-2);
  }

  /**
   * Adam with L2 weight decay λ (added to the gradient).
   *
   * @throws IllegalArgumentException unless 0 ≤ β₁, β₂ &lt; 1, ε &gt; 0, λ ≥ 0
   */
  public static Adam of(double beta1, double beta2, double epsilon, double weightDecay) {
    check(beta1, beta2, epsilon, weightDecay);
    return new Adam(beta1, beta2, epsilon, weightDecay, false);
  }

  /**
   * AdamW with decoupled weight decay λ (x ← x(1 − ηλ) before the Adam step).
   *
   * @throws IllegalArgumentException unless 0 ≤ β₁, β₂ &lt; 1, ε &gt; 0, λ ≥ 0
   */
  public static Adam adamW(double beta1, double beta2, double epsilon, double weightDecay) {
    check(beta1, beta2, epsilon, weightDecay);
    return new Adam(beta1, beta2, epsilon, weightDecay, true);
  }

  private static void check(double beta1, double beta2, double epsilon, double weightDecay) {
    checkArgument(beta1 >= 0 && beta1 < 1, "β1 must be in [0, 1), got %s", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "β2 must be in [0, 1), got %s", beta2);
    checkArgument(epsilon > 0 && Double.isFinite(epsilon), "ε must be positive, got %s", epsilon);
    checkArgument(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "weight decay must be ≥ 0, got %s",
        weightDecay);
  }

  @Override
  public String name() {
    return (decoupled ? "AdamW" : "Adam")
        + "(β1="
        + beta1
        + ", β2="
        + beta2
        + ", ε="
        + epsilon
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
    return List.of("exp_avg", "exp_avg_sq");
  }

  @Override
  public void update(
      double[] x, double[] gradient, double learningRate, long step, double[][] buffers) {
    double[] firstMoment = buffers[0];
    double[] secondMoment = buffers[1];
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    double stepSize = learningRate / biasCorrection1;
    for (int i = 0; i < x.length; i++) {
      double g = gradient[i];
      if (decoupled) {
        x[i] *= 1 - learningRate * weightDecay;
      } else {
        g += weightDecay * x[i];
      }
      firstMoment[i] = TorchArithmetic.lerp(firstMoment[i], g, 1 - beta1);
      secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g;
      double denominator = Math.sqrt(secondMoment[i]) / biasCorrection2Sqrt + epsilon;
      x[i] -= stepSize * firstMoment[i] / denominator;
    }
  }
}
