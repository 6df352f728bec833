package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;

/** Where the test draws variable values from. */
enum Domain {
  /** Standard normal values. */
  REAL,
  /** Uniform in [0.1, 3): for logarithms, roots and non-integer powers. */
  POSITIVE;

  Tensor sample(Shape shape, Random random) {
    return this == REAL
        ? Tensor.randomNormal(shape, random)
        : Tensor.randomUniform(shape, 0.1, 3, random);
  }
}
