package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;

/**
 * Glorot and He, computed as PyTorch computes them: zero-mean draws with standard deviation std =
 * gain·√(2 / (fan_in + fan_out)) for Glorot and std = gain / √fan_in (gain √2) for He; the uniform
 * variants draw from U(−√3·std, √3·std), which has that standard deviation, so Glorot uniform's
 * bound is gain·√(6 / (fan_in + fan_out)) and He uniform's √(6 / fan_in).
 */
final class VarianceScaling implements Initializer {
  private final FanLayout layout;
  private final double gain;
  private final boolean averageFans;
  private final boolean uniform;

  private VarianceScaling(FanLayout layout, double gain, boolean averageFans, boolean uniform) {
    checkArgument(layout != null, "fan layout is null (FanLayout.X_TIMES_W or W_TIMES_X)");
    checkArgument(
        Double.isFinite(gain) && gain > 0, "gain must be positive and finite, got %s", gain);
    this.layout = layout;
    this.gain = gain;
    this.averageFans = averageFans;
    this.uniform = uniform;
  }

  static VarianceScaling glorot(FanLayout layout, double gain, boolean uniform) {
    return new VarianceScaling(layout, gain, true, uniform);
  }

  static VarianceScaling he(FanLayout layout, boolean uniform) {
    return new VarianceScaling(layout, Math.sqrt(2), false, uniform);
  }

  /** The standard deviation of the draws for a weight of {@code shape}. */
  double std(Shape shape) {
    double fanIn = layout.fanIn(shape);
    return averageFans
        ? gain * Math.sqrt(2.0 / (fanIn + layout.fanOut(shape)))
        : gain / Math.sqrt(fanIn);
  }

  @Override
  public Tensor sample(Shape shape, Random random) {
    double std = std(shape);
    if (uniform) {
      double bound = Math.sqrt(3.0) * std;
      return Draws.uniform(shape, -bound, bound, random);
    }
    return Draws.normal(shape, 0, std, random);
  }

  @Override
  public String toString() {
    return (averageFans ? "glorot" : "he")
        + (uniform ? "Uniform" : "Normal")
        + "("
        + layout
        + (averageFans ? ", gain " + gain : "")
        + ")";
  }
}
