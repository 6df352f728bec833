package dev.adjoint.demos.problems;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.softplus;
import static dev.adjoint.autodiff.Exprs.tanh;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A multi-layer perceptron for two-class data in the plane: {@code 2 → h → h → 1} with tanh hidden
 * layers and a logistic output, trained on the binary cross-entropy written stably with logits z:
 * {@code L = mean(softplus(z) − y ⊙ z)}, which is {@code −mean(y log σ(z) + (1 − y) log(1 −
 * σ(z)))}.
 *
 * <p>Inputs are a batch variable {@code X [b×2]} with labels {@code y [b×1]}; the parameters are
 * {@code W1 [2×h], b1 [h], W2 [h×h], b2 [h], W3 [h×1], b3 [1]}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Mlp {
  private final int hidden;
  private final int batch;

  private Mlp(int hidden, int batch) {
    this.hidden = hidden;
    this.batch = batch;
  }

  /**
   * An MLP with {@code hidden} units per hidden layer, for batches of {@code batch} points.
   *
   * @throws IllegalArgumentException unless both are positive
   */
  public static Mlp of(int hidden, int batch) {
    checkArgument(hidden > 0 && batch > 0, "hidden units and batch size must be positive");
    return new Mlp(hidden, batch);
  }

  /** The batch of inputs X, {@code [b×2]}. */
  public Variable inputs() {
    return Variable.of("X", batch, 2);
  }

  /** The batch of labels y, {@code [b×1]}. */
  public Variable labels() {
    return Variable.of("y", batch, 1);
  }

  /** The parameters in order: W1, b1, W2, b2, W3, b3. */
  public List<Variable> parameters() {
    return List.of(
        Variable.of("W1", 2, hidden),
        Variable.of("b1", hidden),
        Variable.of("W2", hidden, hidden),
        Variable.of("b2", hidden),
        Variable.of("W3", hidden, 1),
        Variable.of("b3", 1));
  }

  /** The logits {@code z = tanh(tanh(X·W1 + b1)·W2 + b2)·W3 + b3}, {@code [b×1]}. */
  public Expr logits() {
    List<Variable> p = parameters();
    Expr h1 = tanh(inputs().matmul(p.get(0)).plus(p.get(1)));
    Expr h2 = tanh(h1.matmul(p.get(2)).plus(p.get(3)));
    return h2.matmul(p.get(4)).plus(p.get(5));
  }

  /** The predicted probability of class 1, {@code σ(z)}, {@code [b×1]}. */
  public Expr probability() {
    return sigmoid(logits());
  }

  /** The mean binary cross-entropy {@code mean(softplus(z) − y ⊙ z)}. */
  public Expr loss() {
    Expr z = logits();
    return mean(softplus(z).minus(labels().times(z)));
  }

  /** The number of scalar parameters. */
  public int parameterCount() {
    int n = 0;
    for (Variable v : parameters()) {
      n += v.shape().size();
    }
    return n;
  }

  /**
   * Initial parameters laid end to end in {@link #parameters()} order: weights Xavier-uniform,
   * biases zero.
   */
  public double[] initialParameters(long seed) {
    Random random = new Random(seed);
    List<Double> values = new ArrayList<>();
    for (Variable v : parameters()) {
      Shape s = v.shape();
      if (s.rank() == 2) {
        double limit = Math.sqrt(6.0 / (s.dim(0) + s.dim(1)));
        for (int i = 0; i < s.size(); i++) {
          values.add((2 * random.nextDouble() - 1) * limit);
        }
      } else {
        for (int i = 0; i < s.size(); i++) {
          values.add(0.0);
        }
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
