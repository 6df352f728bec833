package dev.adjoint.demos.problems;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.Random;

/**
 * The mission's example: one sigmoid neuron with squared error, {@code L = Σ (σ(W·X) − y)²}, with W
 * {@code [1×k]}, X {@code [k×n]} (one column per sample) and y {@code [1×n]}.
 *
 * <p>By hand, with s = σ(W·X): ∂L/∂W = (2(s − y) ⊙ s ⊙ (1 − s))·Xᵀ.
 *
 * <p>Immutable and thread-safe.
 *
 * @param inputs X, {@code [k×n]}
 * @param targets y, {@code [1×n]}: σ(W_true·X), so the minimum loss is 0
 * @param start the starting weights W₀, {@code [1×k]}
 */
public record Neuron(Tensor inputs, Tensor targets, Tensor start) {

  /** {@code n} samples with {@code k} inputs each, seeded. */
  public static Neuron generate(int k, int n, long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.randomNormal(Shape.of(k, n), random);
    double[] w = new double[k];
    for (int j = 0; j < k; j++) {
      w[j] = 1.5 * random.nextGaussian();
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double z = 0;
      for (int j = 0; j < k; j++) {
        z += w[j] * x.get(j, i);
      }
      y[i] = 1 / (1 + Math.exp(-z));
    }
    return new Neuron(x, Tensor.wrap(Shape.of(1, n), y), Tensor.zeros(1, k));
  }

  /** W, {@code [1×k]}. */
  public Variable weights() {
    return Variable.of("W", 1, inputs.shape().dim(0));
  }

  /** X, {@code [k×n]}. */
  public Variable x() {
    return Variable.of("X", inputs.shape());
  }

  /** y, {@code [1×n]}. */
  public Variable y() {
    return Variable.of("y", targets.shape());
  }

  /** {@code L = Σ (σ(W·X) − y)²}. */
  public Expr loss() {
    return sum(square(sigmoid(weights().matmul(x())).minus(y())));
  }

  /** The hand derivation {@code (2(σ(WX) − y) ⊙ σ(WX) ⊙ (1 − σ(WX)))·Xᵀ}. */
  public Expr handGradient() {
    Expr s = sigmoid(weights().matmul(x()));
    return constant(2)
        .times(s.minus(y()))
        .times(s)
        .times(constant(1).minus(s))
        .matmul(x().transpose());
  }

  /** Bindings of X and y (the data); W is the variable. */
  public Bindings data() {
    return Bindings.of("X", inputs, "y", targets);
  }

  /** Bindings of the data and W = W₀. */
  public Bindings atStart() {
    return data().with("W", start);
  }
}
