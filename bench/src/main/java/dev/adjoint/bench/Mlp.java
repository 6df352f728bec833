package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.tanh;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.Random;

/**
 * A two-layer perceptron's regression loss on a batch of {@value #BATCH} rows:
 *
 * <pre>
 *   H = tanh(X·W₁ + b₁)        X[64×in], W₁[in×hidden], b₁[hidden] broadcast over rows
 *   L = mean((H·W₂ + b₂ − y)²)  W₂[hidden×1], b₂[1], y[64×1]
 * </pre>
 *
 * with its gradients with respect to {@code W₁}, {@code b₁}, {@code W₂}, {@code b₂} and seeded
 * random data.
 */
final class Mlp {
  static final int BATCH = 64;

  final int in;
  final int hidden;
  final Variable inputs;
  final Variable targets;
  final Variable w1;
  final Variable b1;
  final Variable w2;
  final Variable b2;

  /** Made once, so that binding the parameters allocates nothing. */
  private final List<Variable> parameters;

  final Expr loss;
  final Gradients gradients;

  /** Parameter values, in the order {@link #parameters()}: W₁, b₁, W₂, b₂. */
  final double[][] parameterValues;

  final double[] x;
  final double[] y;

  private Mlp(int in, int hidden, long seed) {
    this.in = in;
    this.hidden = hidden;
    inputs = Variable.of("X", BATCH, in);
    targets = Variable.of("y", BATCH, 1);
    w1 = Variable.of("W1", in, hidden);
    b1 = Variable.of("b1", hidden);
    w2 = Variable.of("W2", hidden, 1);
    b2 = Variable.of("b2", 1);
    parameters = List.of(w1, b1, w2, b2);
    Expr h = tanh(add(matmul(inputs, w1), b1));
    loss = mean(square(sub(add(matmul(h, w2), b2), targets)));
    gradients = Gradients.of(loss, w1, b1, w2, b2);
    Random random = new Random(seed);
    x = Tensor.randomNormal(Shape.of(BATCH, in), random).toArray();
    y = Tensor.randomNormal(Shape.of(BATCH, 1), random).toArray();
    parameterValues = new double[4][];
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

  /** The perceptron for a size {@code "in x hidden"}, such as {@code "16x32"}. */
  static Mlp of(String size, long seed) {
    int[] dims = Sizes.parse(size, 2);
    return new Mlp(dims[0], dims[1], seed);
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
    Program.Workspace workspace = program.newWorkspace().set(inputs, x, 0).set(targets, y, 0);
    setParameters(workspace);
    return workspace;
  }

  /** Binds the four parameters, as an optimizer step would. */
  void setParameters(Program.Workspace workspace) {
    workspace
        .set(w1, parameterValues[0], 0)
        .set(b1, parameterValues[1], 0)
        .set(w2, parameterValues[2], 0)
        .set(b2, parameterValues[3], 0);
  }

  /** The hand-written loops for this perceptron's sizes. */
  MlpBaseline baseline() {
    return new MlpBaseline(in, hidden);
  }
}
