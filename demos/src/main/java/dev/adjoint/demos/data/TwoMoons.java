package dev.adjoint.demos.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;

/**
 * The two-moons data set: two interleaving half circles in the plane, one per class, with Gaussian
 * noise; seeded, so a seed gives the same points every time.
 *
 * <p>Class 0 lies on {@code (cos t, sin t)}, class 1 on {@code (1 − cos t, 0.5 − sin t)}, for
 * {@code t} uniform in {@code [0, π]}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param points the points, one per row: {@code [n×2]}
 * @param labels the class of each point, 0 or 1: {@code [n]}
 */
public record TwoMoons(Tensor points, Tensor labels) {

  /**
   * {@code n} points, half of each class, with noise of standard deviation {@code noise}.
   *
   * @throws IllegalArgumentException unless n ≥ 2 and noise ≥ 0
   */
  public static TwoMoons generate(int n, double noise, long seed) {
    checkArgument(n >= 2, "two moons need at least 2 points, got %s", n);
    checkArgument(noise >= 0, "noise must be ≥ 0, got %s", noise);
    Random random = new Random(seed);
    double[] xy = new double[2 * n];
    double[] label = new double[n];
    for (int i = 0; i < n; i++) {
      int c = i % 2;
      double t = Math.PI * random.nextDouble();
      double x = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
      double y = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      xy[2 * i] = x + noise * random.nextGaussian();
      xy[2 * i + 1] = y + noise * random.nextGaussian();
      label[i] = c;
    }
    return new TwoMoons(Tensor.wrap(Shape.of(n, 2), xy), Tensor.wrap(Shape.of(n), label));
  }

  /** The number of points. */
  public int size() {
    return labels.size();
  }
}
