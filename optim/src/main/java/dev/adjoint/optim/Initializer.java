package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;

/**
 * Initial values for a parameter of a given shape, drawn from a seeded generator: PyTorch's {@code
 * torch.nn.init} functions, with the same definitions.
 *
 * <ul>
 *   <li>{@link #zeros}, {@link #constant}: every element the same.
 *   <li>{@link #normal}: N(mean, std²); {@link #uniform}: U[low, high).
 *   <li>{@link #glorotUniform} (Xavier): U(−a, a), a = gain·√(6 / (fan_in + fan_out)).
 *   <li>{@link #glorotNormal} (Xavier): N(0, std²), std = gain·√(2 / (fan_in + fan_out)).
 *   <li>{@link #heUniform} (Kaiming, fan_in mode, ReLU gain √2): U(−a, a), a = √(6 / fan_in).
 *   <li>{@link #heNormal} (Kaiming, fan_in mode, ReLU gain √2): N(0, std²), std = √(2 / fan_in).
 * </ul>
 *
 * <p>fan_in and fan_out depend on how the weight is used; the {@link FanLayout} says so ({@code
 * X_TIMES_W} for Adjoint's examples-along-rows models, {@code W_TIMES_X} for PyTorch's layout).
 * Normal values come from {@link Random#nextGaussian()} and uniform ones from {@link
 * Random#nextDouble()}, whose algorithms Java specifies, so a seed gives the same values on every
 * JVM. Values are drawn in row-major order.
 *
 * <p>Implementations are immutable and thread-safe; the {@code Random} passed in is not.
 */
@FunctionalInterface
public interface Initializer {

  /**
   * Draws a tensor of {@code shape} from {@code random}.
   *
   * @throws IllegalArgumentException if the initialiser needs fans and the shape has rank below 2
   */
  Tensor sample(Shape shape, Random random);

  /** All zeros (PyTorch's {@code zeros_}), the usual start for biases. */
  static Initializer zeros() {
    return (shape, random) -> Tensor.zeros(shape);
  }

  /**
   * Every element {@code value} (PyTorch's {@code constant_}).
   *
   * @throws IllegalArgumentException if the value is not finite
   */
  static Initializer constant(double value) {
    checkArgument(Double.isFinite(value), "constant value must be finite, got %s", value);
    return (shape, random) -> Tensor.full(shape, value);
  }

  /**
   * Independent N(mean, std²) values (PyTorch's {@code normal_}).
   *
   * @throws IllegalArgumentException unless the mean is finite and std is finite and ≥ 0
   */
  static Initializer normal(double mean, double std) {
    checkArgument(Double.isFinite(mean), "mean must be finite, got %s", mean);
    checkArgument(Double.isFinite(std) && std >= 0, "std must be finite and ≥ 0, got %s", std);
    return (shape, random) -> Draws.normal(shape, mean, std, random);
  }

  /**
   * Independent U[low, high) values (PyTorch's {@code uniform_}).
   *
   * @throws IllegalArgumentException unless low &lt; high, both finite
   */
  static Initializer uniform(double low, double high) {
    checkArgument(
        Double.isFinite(low) && Double.isFinite(high) && low < high,
        "uniform needs finite low < high, got [%s, %s)",
        low,
        high);
    return (shape, random) -> Draws.uniform(shape, low, high, random);
  }

  /** Glorot (Xavier) uniform with gain 1: U(−a, a), a = √(6 / (fan_in + fan_out)). */
  static Initializer glorotUniform(FanLayout layout) {
    return glorotUniform(layout, 1);
  }

  /**
   * Glorot (Xavier) uniform: U(−a, a), a = gain·√(6 / (fan_in + fan_out)) (PyTorch's {@code
   * xavier_uniform_}); the gain of tanh is 5/3.
   *
   * @throws IllegalArgumentException if the layout is null or the gain not positive and finite
   */
  static Initializer glorotUniform(FanLayout layout, double gain) {
    return VarianceScaling.glorot(layout, gain, true);
  }

  /** Glorot (Xavier) normal with gain 1: std = √(2 / (fan_in + fan_out)). */
  static Initializer glorotNormal(FanLayout layout) {
    return glorotNormal(layout, 1);
  }

  /**
   * Glorot (Xavier) normal: N(0, std²), std = gain·√(2 / (fan_in + fan_out)) (PyTorch's {@code
   * xavier_normal_}).
   *
   * @throws IllegalArgumentException if the layout is null or the gain not positive and finite
   */
  static Initializer glorotNormal(FanLayout layout, double gain) {
    return VarianceScaling.glorot(layout, gain, false);
  }

  /**
   * He (Kaiming) uniform for ReLU layers: U(−a, a), a = √(6 / fan_in) (PyTorch's {@code
   * kaiming_uniform_(mode='fan_in', nonlinearity='relu')}).
   *
   * @throws IllegalArgumentException if the layout is null
   */
  static Initializer heUniform(FanLayout layout) {
    return VarianceScaling.he(layout, true);
  }

  /**
   * He (Kaiming) normal for ReLU layers: N(0, std²), std = √(2 / fan_in) (PyTorch's {@code
   * kaiming_normal_(mode='fan_in', nonlinearity='relu')}).
   *
   * @throws IllegalArgumentException if the layout is null
   */
  static Initializer heNormal(FanLayout layout) {
    return VarianceScaling.he(layout, false);
  }
}
