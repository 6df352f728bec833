package dev.adjoint.optim.linesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrongWolfeTest {

  /** Moré &amp; Thuente's six functions with their (μ, η) and initial steps 10⁻³, 10⁻¹, 10, 10³. */
  static Stream<Arguments> moreThuenteTable() {
    List<Arguments> rows = new ArrayList<>();
    Object[][] functions = {
      {OneDimensionalFunction.moreThuente1(), 0.001, 0.1},
      {OneDimensionalFunction.moreThuente2(), 0.1, 0.1},
      {OneDimensionalFunction.moreThuente3(), 0.1, 0.1},
      {OneDimensionalFunction.moreThuenteYanai(4, 0.001, 0.001), 0.001, 0.001},
      {OneDimensionalFunction.moreThuenteYanai(5, 0.01, 0.001), 0.001, 0.001},
      {OneDimensionalFunction.moreThuenteYanai(6, 0.001, 0.01), 0.001, 0.001},
    };
    for (Object[] row : functions) {
      for (double initial : new double[] {1e-3, 1e-1, 1e1, 1e3}) {
        rows.add(Arguments.of(row[0], row[1], row[2], initial));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}, c1={1}, c2={2}, α0={3}")
  @MethodSource("moreThuenteTable")
  void returnedStepSatisfiesTheStrongWolfeConditions(
      OneDimensionalFunction function, double c1, double c2, double initial) {
    OneDimensionalFunction phi = function.fresh();
    StrongWolfe search = StrongWolfe.of(c1, c2, 100);

    LineSearchResult result = search.search(phi, phi.value(0), phi.derivative(0), initial);

    assertThat(result.status()).as(result.message()).isEqualTo(LineSearchStatus.SATISFIED);
    assertStrongWolfe(phi, result.step(), c1, c2);
    assertThat(result.evaluations()).isEqualTo(phi.evaluations());
  }

  static void assertStrongWolfe(OneDimensionalFunction phi, double step, double c1, double c2) {
    double value0 = phi.value(0);
    double derivative0 = phi.derivative(0);
    assertThat(step).isPositive();
    assertThat(phi.value(step)).isLessThanOrEqualTo(value0 + c1 * step * derivative0);
    assertThat(Math.abs(phi.derivative(step))).isLessThanOrEqualTo(c2 * Math.abs(derivative0));
  }

  static Stream<Arguments> randomQuartics() {
    return IntStream.range(0, 50).mapToObj(seed -> Arguments.of(seed));
  }

  /** φ(α) = a(α − b)⁴ + c(α − b)² + dα with random a, c ≥ 0 and a minimiser at α &gt; 0. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("randomQuartics")
  void propertyHoldsOnRandomConvexQuartics(int seed) {
    Random random = new Random(seed);
    double a = random.nextDouble() * 10;
    double b = 0.1 + random.nextDouble() * 10;
    double c = 0.01 + random.nextDouble();
    OneDimensionalFunction phi =
        new OneDimensionalFunction(
            "quartic",
            x -> a * Math.pow(x - b, 4) + c * (x - b) * (x - b),
            x -> 4 * a * Math.pow(x - b, 3) + 2 * c * (x - b));
    double initial = Math.pow(10, -3 + 6 * random.nextDouble());

    LineSearchResult result =
        StrongWolfe.withDefaults().search(phi, phi.value(0), phi.derivative(0), initial);

    assertThat(result.isSatisfied()).as(result.message()).isTrue();
    assertStrongWolfe(phi, result.step(), 1e-4, 0.9);
  }

  /** φ(α) = Σₖ aₖ sin(bₖα) + cα² − dα: wiggly, bounded below, φ′(0) &lt; 0 (random, seeded). */
  static OneDimensionalFunction randomWigglyFunction(Random random) {
    int terms = 1 + random.nextInt(4);
    double[] a = new double[terms];
    double[] b = new double[terms];
    double slope = 0;
    for (int k = 0; k < terms; k++) {
      a[k] = random.nextGaussian() * 0.5;
      b[k] = 0.5 + random.nextDouble() * 10;
      slope += Math.abs(a[k] * b[k]);
    }
    double c = 0.01 + random.nextDouble();
    double d = slope + 0.1 + random.nextDouble();
    return new OneDimensionalFunction(
        "wiggly",
        x -> {
          double sum = c * x * x - d * x;
          for (int k = 0; k < terms; k++) {
            sum += a[k] * Math.sin(b[k] * x);
          }
          return sum;
        },
        x -> {
          double sum = 2 * c * x - d;
          for (int k = 0; k < terms; k++) {
            sum += a[k] * b[k] * Math.cos(b[k] * x);
          }
          return sum;
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("randomQuartics")
  void propertyHoldsOnRandomNonconvexFunctions(int seed) {
    Random random = new Random(1000 + seed);
    OneDimensionalFunction phi = randomWigglyFunction(random);
    double c2 = 0.1 + 0.8 * random.nextDouble();
    double initial = Math.pow(10, -3 + 6 * random.nextDouble());

    LineSearchResult result =
        StrongWolfe.of(1e-4, c2, 60).search(phi, phi.value(0), phi.derivative(0), initial);

    assertThat(result.isSatisfied()).as(result.message()).isTrue();
    assertStrongWolfe(phi, result.step(), 1e-4, c2);
  }

  @Test
  void reportsANonDescentDirectionWithoutEvaluating() {
    OneDimensionalFunction phi =
        new OneDimensionalFunction("uphill", x -> x * x + x, x -> 2 * x + 1);

    LineSearchResult result = StrongWolfe.withDefaults().search(phi, 0, 1, 1);

    assertThat(result.status()).isEqualTo(LineSearchStatus.NOT_A_DESCENT_DIRECTION);
    assertThat(result.isSatisfied()).isFalse();
    assertThat(phi.evaluations()).isZero();
    assertThat(result.message()).contains("not a descent direction");
  }

  @Test
  void shrinksTheStepOnNonFiniteValues() {
    OneDimensionalFunction phi =
        new OneDimensionalFunction(
            "NaN beyond 1",
            x -> x >= 1 ? Double.NaN : (x - 0.5) * (x - 0.5),
            x -> x >= 1 ? Double.NaN : 2 * (x - 0.5));

    LineSearchResult result = StrongWolfe.withDefaults().search(phi, 0.25, -1, 1000);

    assertThat(result.isSatisfied()).as(result.message()).isTrue();
    assertThat(result.step()).isLessThan(1);
    assertStrongWolfe(phi, result.step(), 1e-4, 0.9);
  }

  @Test
  void shrinksTheStepOnOverflowToInfinity() {
    OneDimensionalFunction descending =
        new OneDimensionalFunction(
            "overflowing", x -> Math.exp(50 * (x - 2)) - x, x -> 50 * Math.exp(50 * (x - 2)) - 1);
    LineSearchResult result =
        StrongWolfe.withDefaults()
            .search(descending, descending.value(0), descending.derivative(0), 1e6);
    assertThat(result.isSatisfied()).as(result.message()).isTrue();
    assertStrongWolfe(descending, result.step(), 1e-4, 0.9);
  }

  @Test
  void reportsFailureWhenTheFunctionIsUnboundedBelow() {
    OneDimensionalFunction phi = new OneDimensionalFunction("linear", x -> -x, x -> -1);

    LineSearchResult result = StrongWolfe.of(1e-4, 0.9, 20).search(phi, 0, -1, 1);

    assertThat(result.isSatisfied()).isFalse();
    assertThat(result.status()).isEqualTo(LineSearchStatus.EVALUATION_LIMIT);
    assertThat(result.evaluations()).isEqualTo(20);
  }

  @Test
  void reportsTheEvaluationLimit() {
    OneDimensionalFunction phi = OneDimensionalFunction.moreThuente3();

    LineSearchResult result =
        StrongWolfe.of(0.1, 0.1, 1).search(phi, phi.value(0), phi.derivative(0), 1e3);

    assertThat(result.status()).isEqualTo(LineSearchStatus.EVALUATION_LIMIT);
    assertThat(result.message()).contains("1 evaluations");
  }

  @Test
  void rejectsBadParametersWithClearMessages() {
    assertThatThrownBy(() -> StrongWolfe.of(0.5, 0.1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c1");
    assertThatThrownBy(() -> StrongWolfe.of(1e-4, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEvaluations");
    OneDimensionalFunction phi = OneDimensionalFunction.moreThuente1();
    assertThatThrownBy(() -> StrongWolfe.withDefaults().search(phi, Double.NaN, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("φ(0)");
    assertThatThrownBy(() -> StrongWolfe.withDefaults().search(phi, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial step");
    assertThatThrownBy(() -> StrongWolfe.withDefaults().search(null, 0, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interpolationHelpersFindExactMinimisers() {
    // φ(α) = (α − 2)² + 1: φ(0) = 5, φ′(0) = −4, φ(3) = 2.
    double quadratic =
        StrongWolfe.quadraticMinimizer(new LinePoint(0, 5, -4), new LinePoint(3, 2, 2));
    assertThat(quadratic).isCloseTo(2, org.assertj.core.api.Assertions.within(1e-12));
    // φ(α) = α³ − 3α: minimiser at α = 1; φ(0) = 0, φ′(0) = −3, φ(2) = 2, φ(3) = 18.
    double cubic =
        StrongWolfe.cubicMinimizer(
            new LinePoint(0, 0, -3), new LinePoint(2, 2, 9), new LinePoint(3, 18, 24));
    assertThat(cubic).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-12));
  }
}
