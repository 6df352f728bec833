package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rebuilding an expression for another number of examples, against plain loops. */
class BatchResizingTest {
  // Square weights, so a transposed or misaligned axis would still build but give other values.
  final Variable x = Variable.of("X", 4, 3);
  final Variable w = Variable.of("W", 3, 3);
  final Variable b = Variable.of("b", 3);

  static double[][] random(int rows, int cols, long seed) {
    Random random = new Random(seed);
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }

  /** mean over rows and columns of softmax(X·W + b, axis 1)², by hand. */
  static double reference(double[][] xs, double[][] ws, double[] bs) {
    double total = 0;
    for (double[] row : xs) {
      double[] z = new double[3];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < 3; j++) {
        z[j] = bs[j];
        for (int k = 0; k < 3; k++) {
          z[j] += row[k] * ws[k][j];
        }
        max = Math.max(max, z[j]);
      }
      double norm = 0;
      for (int j = 0; j < 3; j++) {
        norm += Math.exp(z[j] - max);
      }
      for (int j = 0; j < 3; j++) {
        double p = Math.exp(z[j] - max) / norm;
        total += p * p;
      }
    }
    return total / (xs.length * 3);
  }

  @ParameterizedTest(name = "{0} examples")
  @ValueSource(ints = {1, 2, 3, 4, 7})
  void aMeanOverTheBatchAveragesOverTheNewNumberOfExamples(int rows) {
    Expr loss = mean(square(softmax(x.matmul(w).plus(b), 1)));
    double[][] xs = random(rows, 3, rows);
    double[][] ws = random(3, 3, 100);
    double[] bs = {0.3, -0.1, 0.7};

    Expr resized = BatchResizing.resize(loss, Map.of(x, rows));
    double value =
        resized
            .eval(
                Bindings.of("X", Tensor.matrix(xs), "W", Tensor.matrix(ws), "b", Tensor.vector(bs)))
            .item();

    assertThat(value).as("rows %s", rows).isCloseTo(reference(xs, ws, bs), within(1e-14));
  }

  @ParameterizedTest(name = "{0} examples")
  @ValueSource(ints = {1, 2, 3, 4, 7})
  void keepdimsWholeAxisSlicesAndRowBroadcastsFollowTheNewNumberOfExamples(int rows) {
    // Σᵢ (xᵢ₀ + rowsumᵢ·xᵢ₂ − lse(xᵢ)): keepdims reshapes, X[:, 0], a row-wise broadcast.
    Expr lse = logsumexp(x, 1); // [B]
    Expr rowSums = broadcastTo(sum(x, true, 1), 4, 3); // [B×3]
    Expr e =
        sum(slice(x, Index.all(), Index.at(0)))
            .plus(sum(rowSums.times(x), true, 1).reshape(4).times(0).sum())
            .plus(sum(slice(rowSums.times(x), Index.all(), Index.at(2))))
            .minus(sum(lse));
    double[][] xs = random(rows, 3, 40 + rows);
    double expected = 0;
    for (double[] row : xs) {
      double rowSum = row[0] + row[1] + row[2];
      double max = Math.max(row[0], Math.max(row[1], row[2]));
      double lseValue =
          max + Math.log(Math.exp(row[0] - max) + Math.exp(row[1] - max) + Math.exp(row[2] - max));
      expected += row[0] + rowSum * row[2] - lseValue;
    }

    Expr resized = BatchResizing.resize(e, Map.of(x, rows));

    assertThat(resized.eval(Bindings.of("X", Tensor.matrix(xs))).item())
        .as("rows %s", rows)
        .isCloseTo(expected, within(1e-12));
  }

  @Test
  void returnsTheSameExpressionWhenNothingChanges() {
    Expr loss = mean(square(x.matmul(w)));
    assertThat(BatchResizing.resize(loss, Map.of(x, 4))).isSameAs(loss);
    assertThat(BatchResizing.resize(loss, Map.of(Variable.of("unused", 2), 5))).isSameAs(loss);
  }

  @ParameterizedTest(name = "{0} examples")
  @ValueSource(ints = {1, 2, 8})
  void rejectsExpressionsThatFixTheNumberOfExamples(int rows) {
    Expr weights = Constant.of(Tensor.of(Shape.of(4, 1), 1, 2, 3, 4));
    Expr weighted = sum(x.times(weights));
    Expr reshaped = sum(reshape(x, 12));
    Expr broadcast = sum(broadcastTo(sum(x, true, 0), 4, 3).times(x));

    for (Expr e : new Expr[] {weighted, reshaped, broadcast}) {
      assertThatThrownBy(() -> BatchResizing.resize(e, Map.of(x, rows)))
          .as("%s at %s rows", e, rows)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot be evaluated on another number of examples of X");
    }
  }

  @Test
  void rejectsScalarsAndEmptyBatches() {
    Variable s = Variable.of("s");
    assertThatThrownBy(() -> BatchResizing.resize(s.times(2), Map.of(s, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s is a scalar");
    assertThatThrownBy(() -> BatchResizing.resize(sum(x), Map.of(x, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 example");
  }
}
