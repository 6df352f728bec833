package dev.adjoint.optim;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;

/** Tensors of independent normal or uniform draws, in row-major order. */
final class Draws {
  private Draws() {}

  /** mean + std·Z, Z standard normal by {@link Random#nextGaussian()}. */
  static Tensor normal(Shape shape, double mean, double std, Random random) {
    double[] values = new double[shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = mean + std * random.nextGaussian();
    }
    return Tensor.wrap(shape, values);
  }

  /** low + (high − low)·U, U uniform in [0, 1) by {@link Random#nextDouble()}. */
  static Tensor uniform(Shape shape, double low, double high, Random random) {
    double[] values = new double[shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * random.nextDouble();
    }
    return Tensor.wrap(shape, values);
  }
}
