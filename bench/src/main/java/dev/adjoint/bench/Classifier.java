package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.Random;

/**
 * The classifier: a perceptron 784 → 128 (ReLU) → 10 with softmax cross-entropy on a batch
 * of {@value #BATCH} one-hot labelled rows,
 *
 * <pre>
 *   H = relu(X·W₁ + b₁)                      X[64×784], W₁[784×128], b₁[128]
 *   L = −sum(Y ⊙ log_softmax(H·W₂ + b₂, 1)) / 64    W₂[128×10], b₂[10], Y[64×10] one-hot
 * </pre>
 *
 * with its gradients with respect to {@code W₁}, {@code b₁}, {@code W₂}, {@code b₂} and seeded
 * random data.
 */
final class Classifier {
  static final int BATCH = 64;
  static final int IN = 784;
  static final int HIDDEN = 128;
  static final int CLASSES = 10;

  final Variable inputs = Variable.of("X", BATCH, IN);
  final Variable labels = Variable.of("Y", BATCH, CLASSES);
  final Variable w1 = Variable.of("W1", IN, HIDDEN);
  final Variable b1 = Variable.of("b1", HIDDEN);
  final Variable w2 = Variable.of("W2", HIDDEN, CLASSES);
  final Variable b2 = Variable.of("b2", CLASSES);

  /** Made once: a new list per look-up (four per step) was most of a step's allocation. */
  private final List<Variable> parameters = List.of(w1, b1, w2, b2);

  final Expr loss;
  final Gradients gradients;

  /** W₁, b₁, W₂, b₂, in the order of {@link #parameters()}. */
  final double[][] parameterValues = new double[4][];

  final double[] x;
  final double[] y;

  Classifier(long seed) {
    Expr h = relu(add(matmul(inputs, w1), b1));
    Expr logits = add(matmul(h, w2), b2);
    loss = neg(sum(mul(labels, logSoftmax(logits, 1))).times(1.0 / BATCH));
    gradients = Gradients.of(loss, w1, b1, w2, b2);
    Random random = new Random(seed);
    x = Tensor.randomNormal(Shape.of(BATCH, IN), random).toArray();
    y = new double[BATCH * CLASSES];
    for (int i = 0; i < BATCH; i++) {
      y[i * CLASSES + random.nextInt(CLASSES)] = 1;
    }
    for (int p = 0; p < 4; p++) {
      Variable v = parameters().get(p);
      double scale = 1 / Math.sqrt(v.shape().dim(0));
      double[] values = Tensor.randomNormal(v.shape(), random).toArray();
      for (int i = 0; i < values.length; i++) {
        values[i] *= scale;
      }
      parameterValues[p] = values;
    }
  }

  /** W₁, b₁, W₂, b₂. */
  List<Variable> parameters() {
    return parameters;
  }

  /** A program with outputs {@code [L, dL/dW₁, dL/db₁, dL/dW₂, dL/db₂]}. */
  Program valueAndGradientProgram() {
    return Program.compile(
        List.of(loss, gradients.of(w1), gradients.of(b1), gradients.of(w2), gradients.of(b2)));
  }

  /** A workspace of {@code program} with the data and parameters bound. */
  Program.Workspace workspace(Program program) {
    Program.Workspace workspace = program.newWorkspace().set(inputs, x, 0).set(labels, y, 0);
    setParameters(workspace);
    return workspace;
  }

  /** Binds the four parameters, as an optimizer step would. */
  void setParameters(Program.Workspace workspace) {
    for (int p = 0; p < 4; p++) {
      workspace.set(parameters().get(p), parameterValues[p], 0);
    }
  }
}
