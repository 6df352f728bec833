package dev.adjoint.bench;

import static dev.adjoint.bench.Classifier.BATCH;
import static dev.adjoint.bench.Classifier.CLASSES;
import static dev.adjoint.bench.Classifier.HIDDEN;
import static dev.adjoint.bench.Classifier.IN;

import dev.adjoint.autodiff.kernel.MatMul;

/**
 * {@link Classifier}'s loss and gradients by hand: forward, then backprop written out, with the
 * same matrix kernel as Adjoint ({@link MatMul}, transposed operands read in place) and plain loops
 * for the rest. Scratch buffers are allocated once.
 *
 * <p>Not thread-safe (scratch buffers).
 */
final class ClassifierBaseline {
  private final double[] z1 = new double[BATCH * HIDDEN];
  private final double[] h = new double[BATCH * HIDDEN];
  private final double[] z2 = new double[BATCH * CLASSES];
  private final double[] dz2 = new double[BATCH * CLASSES];
  private final double[] dh = new double[BATCH * HIDDEN];

  /**
   * Returns {@code L} and writes {@code dL/dW₁}, {@code dL/db₁}, {@code dL/dW₂}, {@code dL/db₂}
   * into {@code gradients} (same layout as {@code parameters}).
   */
  double valueAndGradient(double[][] parameters, double[] x, double[] y, double[][] gradients) {
    double[] w1 = parameters[0];
    double[] b1 = parameters[1];
    double[] w2 = parameters[2];
    double[] b2 = parameters[3];
    MatMul.multiply(x, false, w1, false, z1, BATCH, IN, HIDDEN);
    for (int i = 0; i < BATCH; i++) {
      for (int j = 0; j < HIDDEN; j++) {
        double z = z1[i * HIDDEN + j] + b1[j];
        z1[i * HIDDEN + j] = z;
        h[i * HIDDEN + j] = Math.max(z, 0);
      }
    }
    MatMul.multiply(h, false, w2, false, z2, BATCH, HIDDEN, CLASSES);
    double loss = 0;
    for (int i = 0; i < BATCH; i++) {
      int row = i * CLASSES;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < CLASSES; j++) {
        z2[row + j] += b2[j];
        max = Math.max(max, z2[row + j]);
      }
      double total = 0;
      for (int j = 0; j < CLASSES; j++) {
        total += Math.exp(z2[row + j] - max);
      }
      double logSum = max + Math.log(total);
      double labelSum = 0;
      for (int j = 0; j < CLASSES; j++) {
        loss -= y[row + j] * (z2[row + j] - logSum);
        labelSum += y[row + j];
      }
      // d/dz of −Σ y (z − lse(z)) is softmax(z)·Σy − y.
      for (int j = 0; j < CLASSES; j++) {
        dz2[row + j] = (Math.exp(z2[row + j] - logSum) * labelSum - y[row + j]) / BATCH;
      }
    }
    loss /= BATCH;
    MatMul.multiply(h, true, dz2, false, gradients[2], HIDDEN, BATCH, CLASSES);
    columnSums(dz2, CLASSES, gradients[3]);
    MatMul.multiply(dz2, false, w2, true, dh, BATCH, CLASSES, HIDDEN);
    for (int i = 0; i < dh.length; i++) {
      if (z1[i] <= 0) {
        dh[i] = 0;
      }
    }
    MatMul.multiply(x, true, dh, false, gradients[0], IN, BATCH, HIDDEN);
    columnSums(dh, HIDDEN, gradients[1]);
    return loss;
  }

  private static void columnSums(double[] a, int columns, double[] out) {
    java.util.Arrays.fill(out, 0);
    for (int i = 0; i < BATCH; i++) {
      for (int j = 0; j < columns; j++) {
        out[j] += a[i * columns + j];
      }
    }
  }
}
