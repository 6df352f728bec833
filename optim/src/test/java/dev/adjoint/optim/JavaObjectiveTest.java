package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JavaObjectiveTest {

  static Stream<Integer> seeds() {
    return IntStream.range(0, 20).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void finiteDifferenceHessianMatchesTheHandWrittenOne(int seed) {
    Random random = new Random(seed);
    double[] x = new double[4];
    for (int i = 0; i < 4; i++) {
      x[i] = 2 * random.nextGaussian();
    }
    JavaObjective exact = TestObjectives.rosenbrock(4);
    JavaObjective approximate =
        JavaObjective.of(4, exact::valueAndGradient).withFiniteDifferenceHessian();
    double[] expected = new double[16];
    double[] actual = new double[16];

    exact.hessian(x, expected);
    approximate.hessian(x, actual);

    for (int k = 0; k < 16; k++) {
      assertThat(actual[k]).isCloseTo(expected[k], within(1e-6 * (1 + Math.abs(expected[k]))));
    }
    double[] v = {random.nextGaussian(), random.nextGaussian(), 0, 1};
    double[] product = new double[4];
    approximate.hessianVectorProduct(x, v, product);
    for (int i = 0; i < 4; i++) {
      double sum = 0;
      for (int j = 0; j < 4; j++) {
        sum += expected[i * 4 + j] * v[j];
      }
      assertThat(product[i]).isCloseTo(sum, within(1e-6 * (1 + Math.abs(sum))));
    }
  }

  @Test
  void hessianIsAssembledFromHessianVectorProducts() {
    // f = x₁²x₂ + x₂³: ∇²f = [[2x₂, 2x₁], [2x₁, 6x₂]].
    Objective objective =
        JavaObjective.of(
                2,
                (x, g) -> {
                  g[0] = 2 * x[0] * x[1];
                  g[1] = x[0] * x[0] + 3 * x[1] * x[1];
                  return x[0] * x[0] * x[1] + Math.pow(x[1], 3);
                })
            .withHessianVectorProduct(
                (x, v, out) -> {
                  out[0] = 2 * x[1] * v[0] + 2 * x[0] * v[1];
                  out[1] = 2 * x[0] * v[0] + 6 * x[1] * v[1];
                });
    double[] hessian = new double[4];

    objective.hessian(new double[] {3, 5}, hessian);

    assertThat(hessian).containsExactly(10, 6, 6, 30);
    assertThat(objective.hasHessian()).isTrue();
  }

  @Test
  void firstOrderObjectivesSayTheyHaveNoSecondDerivatives() {
    Objective objective = JavaObjective.of(1, (x, g) -> 0);

    assertThat(objective.hasHessian()).isFalse();
    assertThat(objective.hasHessianVectorProduct()).isFalse();
    assertThatThrownBy(() -> objective.hessian(new double[1], new double[1]))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("no Hessian");
  }

  @Test
  void rejectsArraysOfTheWrongLength() {
    JavaObjective objective = TestObjectives.rosenbrock(2);

    assertThatThrownBy(() -> objective.valueAndGradient(new double[3], new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x has length 3 but the objective has dimension 2");
    assertThatThrownBy(() -> objective.valueAndGradient(new double[2], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradient is null");
    assertThatThrownBy(() -> objective.hessian(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n²");
    assertThatThrownBy(() -> JavaObjective.of(0, (x, g) -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension");
  }
}
