package dev.adjoint.optim.linesearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BacktrackingTest {

  static Stream<Arguments> table() {
    List<Arguments> rows = new ArrayList<>();
    List<OneDimensionalFunction> functions =
        List.of(
            OneDimensionalFunction.moreThuente1(),
            OneDimensionalFunction.moreThuente2(),
            OneDimensionalFunction.moreThuente3(),
            OneDimensionalFunction.moreThuenteYanai(4, 0.001, 0.001),
            OneDimensionalFunction.moreThuenteYanai(5, 0.01, 0.001),
            OneDimensionalFunction.moreThuenteYanai(6, 0.001, 0.01),
            new OneDimensionalFunction("(α − 2)²", x -> (x - 2) * (x - 2), x -> 2 * (x - 2)),
            new OneDimensionalFunction("e^α − 5α", x -> Math.exp(x) - 5 * x, x -> Math.exp(x) - 5));
    for (OneDimensionalFunction function : functions) {
      for (double initial : new double[] {1e-3, 1e-1, 1e1, 1e3}) {
        rows.add(Arguments.of(function, initial));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}, α0={1}")
  @MethodSource("table")
  void returnedStepSatisfiesTheArmijoCondition(OneDimensionalFunction function, double initial) {
    OneDimensionalFunction phi = function.fresh();
    double c1 = 1e-4;

    LineSearchResult result =
        Backtracking.of(c1, 60).search(phi, phi.value(0), phi.derivative(0), initial);

    assertThat(result.status()).as(result.message()).isEqualTo(LineSearchStatus.SATISFIED);
    double step = result.step();
    assertThat(step).isPositive().isLessThanOrEqualTo(initial);
    assertThat(phi.value(step)).isLessThanOrEqualTo(phi.value(0) + c1 * step * phi.derivative(0));
    assertThat(result.evaluations()).isEqualTo(phi.evaluations());
  }

  @Test
  void acceptsTheInitialStepWhenItDecreasesEnough() {
    OneDimensionalFunction phi =
        new OneDimensionalFunction("(α − 2)²", x -> (x - 2) * (x - 2), x -> 2 * (x - 2));

    LineSearchResult result = Backtracking.withDefaults().search(phi, 4, -4, 1);

    assertThat(result.step()).isEqualTo(1);
    assertThat(result.evaluations()).isEqualTo(1);
  }

  @Test
  void firstBacktrackMinimisesTheInterpolatingQuadratic() {
    // φ(α) = (α − 2)²: from α₀ = 10 the quadratic through φ(0), φ′(0), φ(10) is φ itself,
    // minimised at 2, inside the safeguard [1, 5].
    OneDimensionalFunction phi =
        new OneDimensionalFunction("(α − 2)²", x -> (x - 2) * (x - 2), x -> 2 * (x - 2));

    LineSearchResult result = Backtracking.withDefaults().search(phi, 4, -4, 10);

    assertThat(result.step()).isCloseTo(2, within(1e-12));
    assertThat(result.evaluations()).isEqualTo(2);
  }

  @Test
  void cubicInterpolationIsExactForCubics() {
    // φ(α) = α³ − 3α: φ(0) = 0, φ′(0) = −3; through α₀ = 2 and α₁ = 3 the cubic is φ itself.
    double step = Backtracking.cubicMinimizer(0, -3, 2, 2, 3, 18);

    assertThat(step).isCloseTo(1, within(1e-12));
  }

  @Test
  void safeguardsKeepEachShrinkBetweenATenthAndAHalf() {
    // Quadratic interpolation would jump to ≈ 0 on this steep wall; the safeguard keeps ≥ 0.1α.
    OneDimensionalFunction phi =
        new OneDimensionalFunction("wall", x -> x > 1e-3 ? 1e12 : -x, x -> x > 1e-3 ? 0 : -1);

    LineSearchResult result = Backtracking.withDefaults().search(phi, 0, -1, 1);

    assertThat(result.isSatisfied()).isTrue();
    assertThat(result.step()).isGreaterThanOrEqualTo(1e-4).isLessThanOrEqualTo(1e-3);
  }

  @Test
  void shrinksOnNonFiniteValues() {
    OneDimensionalFunction phi =
        new OneDimensionalFunction(
            "log barrier",
            x -> x >= 1 ? Double.NaN : -Math.log(1 - x) - 2 * x,
            x -> x >= 1 ? Double.NaN : 1 / (1 - x) - 2);

    LineSearchResult result = Backtracking.withDefaults().search(phi, 0, -1, 100);

    assertThat(result.isSatisfied()).isTrue();
    assertThat(result.step()).isLessThan(1);
    assertThat(phi.value(result.step())).isLessThanOrEqualTo(-1e-4 * result.step());
  }

  @Test
  void reportsANonDescentDirectionWithoutEvaluating() {
    OneDimensionalFunction phi = new OneDimensionalFunction("flat", x -> 1, x -> 0);

    LineSearchResult result = Backtracking.withDefaults().search(phi, 1, 0, 1);

    assertThat(result.status()).isEqualTo(LineSearchStatus.NOT_A_DESCENT_DIRECTION);
    assertThat(phi.evaluations()).isZero();
  }

  @Test
  void reportsFailureWhenNoStepDecreasesEnough() {
    // The gradient claims descent but φ only increases: a wrong gradient.
    OneDimensionalFunction phi = new OneDimensionalFunction("liar", x -> x, x -> 1);

    LineSearchResult limited = Backtracking.of(1e-4, 5).search(phi, 0, -1, 1);
    LineSearchResult exhausted = Backtracking.withDefaults().search(phi, 0, -1, 1);

    assertThat(limited.status()).isEqualTo(LineSearchStatus.EVALUATION_LIMIT);
    assertThat(limited.evaluations()).isEqualTo(5);
    assertThat(exhausted.isSatisfied()).isFalse();
    assertThat(exhausted.message()).isNotEmpty();
  }

  static Stream<Integer> seeds() {
    return IntStream.range(0, 50).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void propertyArmijoHoldsOnRandomQuadratics(int seed) {
    Random random = new Random(seed);
    double a = 1e-3 + random.nextDouble() * 100;
    double b = 1e-3 + random.nextDouble() * 10;
    OneDimensionalFunction phi =
        new OneDimensionalFunction("quadratic", x -> a * (x - b) * (x - b), x -> 2 * a * (x - b));
    double initial = Math.pow(10, -2 + 5 * random.nextDouble());

    LineSearchResult result =
        Backtracking.withDefaults().search(phi, phi.value(0), phi.derivative(0), initial);

    assertThat(result.isSatisfied()).isTrue();
    assertThat(phi.value(result.step()))
        .isLessThanOrEqualTo(phi.value(0) + 1e-4 * result.step() * phi.derivative(0));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void propertyArmijoHoldsOnRandomNonconvexFunctions(int seed) {
    Random random = new Random(1000 + seed);
    OneDimensionalFunction phi = StrongWolfeTest.randomWigglyFunction(random);
    double initial = Math.pow(10, -3 + 6 * random.nextDouble());

    LineSearchResult result =
        Backtracking.withDefaults().search(phi, phi.value(0), phi.derivative(0), initial);

    assertThat(result.isSatisfied()).as(result.message()).isTrue();
    assertThat(phi.value(result.step()))
        .isLessThanOrEqualTo(phi.value(0) + 1e-4 * result.step() * phi.derivative(0));
  }

  @Test
  void rejectsBadParameters() {
    assertThatThrownBy(() -> Backtracking.of(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("c1");
    assertThatThrownBy(() -> Backtracking.of(0.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEvaluations");
  }
}
