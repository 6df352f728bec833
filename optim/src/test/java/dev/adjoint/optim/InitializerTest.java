package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Initialisers against PyTorch's definitions: the sample mean and variance of 40 000 draws lie
 * within 4.5 standard errors of the distribution's, uniform draws stay inside their bounds, and a
 * seed reproduces the values. Expected moments are written from the formulas here, with fans given
 * as literals.
 */
class InitializerTest {
  // [in × out] = [400 × 100] as X·W; unequal so a swapped fan_in shows as a factor 4 in variance.
  static final Shape WEIGHT = Shape.of(400, 100);

  /** name, initializer, mean, variance, uniform bound (0 for normal). */
  static Stream<Arguments> distributions() {
    double glorotBound = Math.sqrt(6.0 / (400 + 100));
    double glorotStd = Math.sqrt(2.0 / (400 + 100));
    return Stream.of(
        Arguments.of("normal(0.5, 2)", Initializer.normal(0.5, 2), 0.5, 4.0, 0.0),
        Arguments.of("uniform(-1, 3)", Initializer.uniform(-1, 3), 1.0, 16.0 / 12, 0.0),
        Arguments.of(
            "glorotUniform",
            Initializer.glorotUniform(FanLayout.X_TIMES_W),
            0.0,
            glorotBound * glorotBound / 3,
            glorotBound),
        Arguments.of(
            "glorotUniform gain 5/3",
            Initializer.glorotUniform(FanLayout.X_TIMES_W, 5.0 / 3),
            0.0,
            Math.pow(5.0 / 3 * glorotBound, 2) / 3,
            5.0 / 3 * glorotBound),
        Arguments.of(
            "glorotNormal",
            Initializer.glorotNormal(FanLayout.X_TIMES_W),
            0.0,
            glorotStd * glorotStd,
            0.0),
        Arguments.of(
            "glorotNormal, PyTorch layout (symmetric for a matrix)",
            Initializer.glorotNormal(FanLayout.W_TIMES_X),
            0.0,
            glorotStd * glorotStd,
            0.0),
        // He: fan_in = 400 for X·W with W [400 × 100]; fan_in = 100 for PyTorch's W·X.
        Arguments.of(
            "heUniform X·W",
            Initializer.heUniform(FanLayout.X_TIMES_W),
            0.0,
            6.0 / 400 / 3,
            Math.sqrt(6.0 / 400)),
        Arguments.of(
            "heNormal X·W", Initializer.heNormal(FanLayout.X_TIMES_W), 0.0, 2.0 / 400, 0.0),
        Arguments.of(
            "heUniform W·X",
            Initializer.heUniform(FanLayout.W_TIMES_X),
            0.0,
            6.0 / 100 / 3,
            Math.sqrt(6.0 / 100)),
        Arguments.of(
            "heNormal W·X", Initializer.heNormal(FanLayout.W_TIMES_X), 0.0, 2.0 / 100, 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void sampleMomentsMatchTheDistribution(
      String name, Initializer initializer, double mean, double variance, double bound) {
    for (long seed : new long[] {1, 2, 3}) {
      double[] v = initializer.sample(WEIGHT, new Random(seed)).toArray();
      int n = v.length;
      double sampleMean = 0;
      for (double x : v) {
        sampleMean += x;
      }
      sampleMean /= n;
      double m2 = 0;
      double m4 = 0;
      for (double x : v) {
        double d = x - sampleMean;
        m2 += d * d;
        m4 += d * d * d * d;
      }
      double sampleVariance = m2 / (n - 1);
      // Standard errors: of the mean σ/√n; of the variance √((μ₄ − σ⁴)/n), μ₄ from the sample.
      double meanError = Math.sqrt(variance / n);
      double varianceError = Math.sqrt((m4 / n - variance * variance) / n);
      String at = name + ", seed " + seed;

      assertThat(sampleMean).as(at + ": mean").isCloseTo(mean, within(4.5 * meanError));
      assertThat(sampleVariance)
          .as(at + ": variance")
          .isCloseTo(variance, within(4.5 * varianceError));
      if (bound > 0) {
        double max = 0;
        for (double x : v) {
          assertThat(Math.abs(x)).as(at + ": |x| ≤ bound").isLessThanOrEqualTo(bound);
          max = Math.max(max, Math.abs(x));
        }
        assertThat(max).as(at + ": the bound is reached").isGreaterThan(0.999 * bound);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void aSeedReproducesTheValuesAndAnotherSeedChangesThem(
      String name, Initializer initializer, double mean, double variance, double bound) {
    Shape shape = Shape.of(3, 3);
    Tensor first = initializer.sample(shape, new Random(42));
    assertThat(initializer.sample(shape, new Random(42))).isEqualTo(first);
    assertThat(initializer.sample(shape, new Random(43))).isNotEqualTo(first);
  }

  @Test
  void drawsRowMajorFromJavasSpecifiedGenerators() {
    Random random = new Random(7);
    double std = Math.sqrt(2.0 / 3); // He normal, fan_in 3 for [3 × 2] used as X·W
    double[] expected = new double[6];
    for (int i = 0; i < 6; i++) {
      expected[i] = std * random.nextGaussian();
    }
    Tensor he = Initializer.heNormal(FanLayout.X_TIMES_W).sample(Shape.of(3, 2), new Random(7));
    assertThat(he.shape()).isEqualTo(Shape.of(3, 2));
    assertThat(he.toArray()).containsExactly(expected, within(1e-15));

    random = new Random(7);
    double bound = Math.sqrt(6.0 / (3 + 2));
    for (int i = 0; i < 6; i++) {
      expected[i] = -bound + 2 * bound * random.nextDouble();
    }
    assertThat(
            Initializer.glorotUniform(FanLayout.X_TIMES_W)
                .sample(Shape.of(3, 2), new Random(7))
                .toArray())
        .containsExactly(expected, within(1e-15));
  }

  @Test
  void fansFollowPyTorchForWTimesXAndJaxForXTimesW() {
    // PyTorch: a conv kernel [out=8, in=3, 5, 5] has fan_in 3·25, fan_out 8·25.
    assertThat(FanLayout.W_TIMES_X.fanIn(Shape.of(8, 3, 5, 5))).isEqualTo(75);
    assertThat(FanLayout.W_TIMES_X.fanOut(Shape.of(8, 3, 5, 5))).isEqualTo(200);
    // JAX: the same kernel as [5, 5, in=3, out=8].
    assertThat(FanLayout.X_TIMES_W.fanIn(Shape.of(5, 5, 3, 8))).isEqualTo(75);
    assertThat(FanLayout.X_TIMES_W.fanOut(Shape.of(5, 5, 3, 8))).isEqualTo(200);
    // A matrix: nn.Linear(in=3, out=2).weight is [2 × 3]; our X·W weight is [3 × 2].
    assertThat(FanLayout.W_TIMES_X.fanIn(Shape.of(2, 3))).isEqualTo(3);
    assertThat(FanLayout.W_TIMES_X.fanOut(Shape.of(2, 3))).isEqualTo(2);
    assertThat(FanLayout.X_TIMES_W.fanIn(Shape.of(3, 2))).isEqualTo(3);
    assertThat(FanLayout.X_TIMES_W.fanOut(Shape.of(3, 2))).isEqualTo(2);
  }

  @Test
  void simpleInitialisersFillOrDraw() {
    assertThat(Initializer.zeros().sample(Shape.of(2, 3), new Random(0)))
        .isEqualTo(Tensor.zeros(2, 3));
    assertThat(Initializer.constant(0.25).sample(Shape.of(4), new Random(0)))
        .isEqualTo(Tensor.vector(0.25, 0.25, 0.25, 0.25));
    assertThat(Initializer.normal(0, 0).sample(Shape.of(2), new Random(0)))
        .isEqualTo(Tensor.vector(0, 0));
  }

  @Test
  void rejectsBadArgumentsWithAMessageSayingWhatToFix() {
    assertThatThrownBy(
            () -> Initializer.heNormal(FanLayout.X_TIMES_W).sample(Shape.of(16), new Random(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank ≥ 2")
        .hasMessageContaining("[16]")
        .hasMessageContaining("Initializer.zeros()");
    assertThatThrownBy(() -> Initializer.glorotUniform(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FanLayout.X_TIMES_W or W_TIMES_X");
    assertThatThrownBy(() -> Initializer.glorotNormal(FanLayout.X_TIMES_W, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gain");
    assertThatThrownBy(() -> Initializer.normal(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("std");
    assertThatThrownBy(() -> Initializer.uniform(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low < high");
    assertThatThrownBy(() -> Initializer.constant(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }
}
