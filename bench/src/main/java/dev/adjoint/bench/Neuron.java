package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.Random;

/**
 * The mission's neuron {@code L = sum((σ(W·X) − y)²)} with {@code W[m×k]}, {@code X[k×n]}, {@code
 * y[m×n]}, its symbolic gradient {@code dL/dW}, and seeded random data.
 */
final class Neuron {
  final int m;
  final int k;
  final int n;
  final Variable weights;
  final Variable inputs;
  final Variable targets;
  final Expr loss;
  final Expr gradient;
  final double[] w;
  final double[] x;
  final double[] y;

  private Neuron(int m, int k, int n, long seed) {
    this.m = m;
    this.k = k;
    this.n = n;
    weights = Variable.of("W", m, k);
    inputs = Variable.of("X", k, n);
    targets = Variable.of("y", m, n);
    loss = sum(square(sub(sigmoid(matmul(weights, inputs)), targets)));
    gradient = Gradients.of(loss, weights).of(weights);
    Random random = new Random(seed);
    w = Tensor.randomNormal(Shape.of(m, k), random).toArray();
    x = Tensor.randomNormal(Shape.of(k, n), random).toArray();
    y = Tensor.randomUniform(Shape.of(m, n), 0, 1, random).toArray();
  }

  /** The neuron for a size {@code "m x k x n"}, such as {@code "4x8x16"}. */
  static Neuron of(String size, long seed) {
    int[] dims = Sizes.parse(size, 3);
    return new Neuron(dims[0], dims[1], dims[2], seed);
  }

  /** A program with outputs {@code [L]}. */
  Program valueProgram() {
    return Program.compile(loss);
  }

  /** A program with outputs {@code [L, dL/dW]}. */
  Program valueAndGradientProgram() {
    return Program.compile(loss, gradient);
  }

  /** A workspace of {@code program} with the data {@code X}, {@code y} and {@code W} bound. */
  Program.Workspace workspace(Program program) {
    return program.newWorkspace().set(inputs, x, 0).set(targets, y, 0).set(weights, w, 0);
  }

  /** The hand-written loops for this neuron's sizes. */
  NeuronBaseline baseline() {
    return new NeuronBaseline(m, k, n);
  }
}
