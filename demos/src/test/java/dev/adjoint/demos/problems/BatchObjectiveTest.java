package dev.adjoint.demos.problems;

import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.square;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchObjectiveTest {
  private static final int N = 12;
  private static final int B = 4;

  private static Expr loss(int batch) {
    Variable x = Variable.of("X", batch, 2);
    Variable y = Variable.of("y", batch, 1);
    return mean(square(x.matmul(Variable.of("w", 2, 1)).minus(y)));
  }

  private static BatchObjective objective(Tensor inputs, Tensor labels) {
    return BatchObjective.of(
        loss(B),
        loss(N),
        List.of(Variable.of("w", 2, 1)),
        Variable.of("X", B, 2),
        Variable.of("y", B, 1),
        inputs,
        labels,
        5);
  }

  @Test
  void anEpochOfBatchesAveragesToTheFullLossAndGradient() {
    Random random = new Random(1);
    Tensor inputs = Tensor.randomNormal(Shape.of(N, 2), random);
    Tensor labels = Tensor.randomNormal(Shape.of(N, 1), random);
    BatchObjective objective = objective(inputs, labels);
    assertThat(objective.batchesPerEpoch()).isEqualTo(3);
    double[] w = {0.3, -0.7};

    // The full loss and gradient, by plain loops.
    double full = 0;
    double[] fullGradient = new double[2];
    for (int i = 0; i < N; i++) {
      double r = inputs.get(i, 0) * w[0] + inputs.get(i, 1) * w[1] - labels.get(i, 0);
      full += r * r / N;
      fullGradient[0] += 2 * r * inputs.get(i, 0) / N;
      fullGradient[1] += 2 * r * inputs.get(i, 1) / N;
    }
    double[] g = new double[2];
    assertThat(objective.valueAndGradient(w, g)).isCloseTo(full, within(1e-12));
    assertThat(g[0]).isCloseTo(fullGradient[0], within(1e-12));

    for (int epoch = 0; epoch < 2; epoch++) {
      double sum = 0;
      double[] gradientSum = new double[2];
      for (int k = 0; k < 3; k++) {
        sum += objective.sampleValueAndGradient(epoch * 3L + k, w, g) / 3;
        gradientSum[0] += g[0] / 3;
        gradientSum[1] += g[1] / 3;
      }
      assertThat(sum).isCloseTo(full, within(1e-12));
      assertThat(gradientSum[0]).isCloseTo(fullGradient[0], within(1e-12));
      assertThat(gradientSum[1]).isCloseTo(fullGradient[1], within(1e-12));
    }
  }

  @Test
  void batchesArePureFunctionsOfTheDraw() {
    Random random = new Random(2);
    Tensor inputs = Tensor.randomNormal(Shape.of(N, 2), random);
    Tensor labels = Tensor.randomNormal(Shape.of(N, 1), random);
    double[] w = {1, 2};
    double[] g = new double[2];
    double late = objective(inputs, labels).sampleValueAndGradient(7, w, g);
    BatchObjective fresh = objective(inputs, labels);
    fresh.sampleValueAndGradient(0, w, g);
    assertThat(fresh.sampleValueAndGradient(7, w, g)).isEqualTo(late);
  }
}
