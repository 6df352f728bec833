package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.tanh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parameters: seeded initial values, the optimizers' layout, and evaluation on new data. */
class ParametersTest {
  // Square W so a transposed layout would go unnoticed by shapes alone.
  final Variable w = Variable.of("W", 3, 3);
  final Variable b = Variable.of("b", 3);
  final Variable v = Variable.of("v", 3, 1);
  final Variable x = Variable.of("X", 4, 3);

  /** tanh(X·W + b)·v, [B × 1]. */
  Expr model() {
    return tanh(x.matmul(w).plus(b)).matmul(v);
  }

  Parameters params(long seed) {
    return Parameters.builder(seed)
        .add(w, Initializer.glorotUniform(FanLayout.X_TIMES_W))
        .add(b, Initializer.zeros())
        .add(v, Initializer.normal(0, 0.5))
        .build();
  }

  @Test
  void initialValuesAreDrawnInOrderFromOneSeededGenerator() {
    Random random = new Random(11);
    Tensor expectedW = Initializer.glorotUniform(FanLayout.X_TIMES_W).sample(w.shape(), random);
    Tensor expectedV = Initializer.normal(0, 0.5).sample(v.shape(), random);

    Parameters params = params(11);

    assertThat(params.get(w)).isEqualTo(expectedW);
    assertThat(params.get(b)).isEqualTo(Tensor.zeros(3));
    assertThat(params.get(v)).isEqualTo(expectedV);
    assertThat(params(11).toPoint()).containsExactly(params.toPoint());
    assertThat(params(12).toPoint()).isNotEqualTo(params.toPoint());
  }

  @Test
  void thePointIsLaidOutAsTheObjectiveLaysItOut() {
    Parameters params = params(3);
    ExprObjective objective =
        params.objective(mean(square(model())), Bindings.of("X", Tensor.zeros(4, 3)));

    assertThat(objective.variables()).containsExactly(w, b, v);
    assertThat(params.dimension()).isEqualTo(objective.dimension()).isEqualTo(15);
    assertThat(params.toPoint()).containsExactly(objective.toPoint(params.bindings()));
    assertThat(params.offsetOf(b)).isEqualTo(objective.offsetOf(b)).isEqualTo(9);

    double[] point = new double[15];
    for (int i = 0; i < point.length; i++) {
      point[i] = i;
    }
    params.update(point);
    assertThat(params.bindings()).isEqualTo(objective.toBindings(point));
    assertThat(params.get(w))
        .isEqualTo(Tensor.matrix(new double[][] {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}));
    assertThat(params.get(b)).isEqualTo(Tensor.vector(9, 10, 11));
  }

  @Test
  void setAndCopyAreIndependent() {
    Parameters params = params(3);
    Parameters copy = params.copy();
    params.set(b, Tensor.vector(1, 2, 3));

    assertThat(params.get(b)).isEqualTo(Tensor.vector(1, 2, 3));
    assertThat(copy.get(b)).isEqualTo(Tensor.zeros(3));
    Parameters given = Parameters.of(List.of(b, w), params.bindings());
    assertThat(given.variables()).containsExactly(b, w);
    assertThat(given.get(w)).isEqualTo(params.get(w));
  }

  /** tanh(xᵢ·W + b)·v for each row, by hand. */
  static double[] byHand(double[][] xs, Tensor wv, Tensor bv, Tensor vv) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      for (int j = 0; j < 3; j++) {
        double z = bv.get(j);
        for (int k = 0; k < 3; k++) {
          z += xs[i][k] * wv.get(k, j);
        }
        out[i] += Math.tanh(z) * vv.get(j, 0);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} rows")
  @ValueSource(ints = {1, 3, 4, 9})
  void evaluatesTheFittedModelOnAnyNumberOfRows(int rows) {
    Parameters params = params(5);
    Random random = new Random(rows);
    double[][] xs = new double[rows][3];
    for (double[] row : xs) {
      for (int j = 0; j < 3; j++) {
        row[j] = random.nextGaussian();
      }
    }

    Tensor predictions = params.evaluate(model(), Bindings.of("X", Tensor.matrix(xs)));

    assertThat(predictions.shape()).isEqualTo(Shape.of(rows, 1));
    assertThat(predictions.toArray())
        .containsExactly(byHand(xs, params.get(w), params.get(b), params.get(v)), within(1e-14));
  }

  @Test
  void evaluationUsesTheCurrentValuesAfterAnUpdate() {
    Parameters params = params(5);
    Tensor data = Tensor.matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}});
    Tensor before = params.evaluate(model(), Bindings.of("X", data));

    double[] point = params.toPoint();
    point[params.offsetOf(v)] += 1; // v₀ += 1
    params.update(point);
    Tensor after = params.evaluate(model(), Bindings.of("X", data));

    double[][] xs = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
    assertThat(after).isNotEqualTo(before);
    assertThat(after.toArray())
        .containsExactly(byHand(xs, params.get(w), params.get(b), params.get(v)), within(1e-14));
  }

  @Test
  void rejectsWhatItCannotUseWithAMessageSayingWhatToFix() {
    Parameters params = params(5);
    Tensor data = Tensor.zeros(4, 3);
    assertThatThrownBy(() -> params.evaluate(model(), Bindings.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X [4×3], which is neither a parameter nor bound");
    assertThatThrownBy(() -> params.evaluate(model(), Bindings.of("X", data, "b", Tensor.zeros(3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b is a parameter");
    assertThatThrownBy(() -> params.evaluate(model(), Bindings.of("X", Tensor.zeros(4, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the number of examples (axis 0) may differ");
    Expr fixed = model().times(Constant.of(Tensor.of(Shape.of(4, 1), 1, 2, 3, 4)));
    assertThatThrownBy(() -> params.evaluate(fixed, Bindings.of("X", Tensor.zeros(1, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fixes the number of examples");
    assertThatThrownBy(() -> params.update(new double[14]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 14");
    assertThatThrownBy(() -> params.set(b, Tensor.zeros(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter b has shape [3] but its value has shape [4]");
    assertThatThrownBy(() -> params.get(Variable.of("b", 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not among the parameters");
    assertThatThrownBy(
            () -> Parameters.builder(0).add(b, Initializer.zeros()).add(b, Initializer.zeros()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b is added twice");
    assertThatThrownBy(
            () -> Parameters.builder(0).add(b, Initializer.heNormal(FanLayout.X_TIMES_W)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot initialise b: ")
        .hasMessageContaining("rank ≥ 2");
    assertThatThrownBy(() -> Parameters.builder(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no parameters");
    assertThatThrownBy(() -> Parameters.of(List.of(w), Bindings.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no value for parameter W");
    assertThatThrownBy(() -> Parameters.builder(0).add(b, Tensor.vector(1, Double.NaN, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
  }
}
