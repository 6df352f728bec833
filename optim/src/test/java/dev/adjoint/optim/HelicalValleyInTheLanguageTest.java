package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Moré–Garbow–Hillstrom problem 7, the helical valley, written in the expression language as a user
 * would, with {@code atan} and {@code hypot}: f(x) = (10(x₃ − 10θ))² + (10(‖(x₁, x₂)‖ − 1))² + x₃²,
 * θ = arctan(x₂/x₁)/2π (+ ½ where x₁ &lt; 0). Its minimum is 0 at (1, 0, 0), and f(−1, 0, 0) = 2500
 * (MGH 1981).
 */
class HelicalValleyInTheLanguageTest {
  private static final String HELICAL_VALLEY =
      "(10 * (x[2] - 10 * (atan(x[1] / x[0]) / (2 * 3.141592653589793)"
          + " + where(lt(x[0], 0), 0.5, 0))))^2"
          + " + (10 * (hypot(x[0], x[1]) - 1))^2 + x[2]^2";

  private static ExprObjective helicalValley() {
    Variable x = Variable.of("x", 3);
    return ExprObjective.of(Parser.parse(HELICAL_VALLEY, x), x);
  }

  @Test
  void theValueAtTheStandardStartIsTheOneMgHGive() {
    assertThat(helicalValley().value(new double[] {-1, 0, 0})).isCloseTo(2500, within(1e-9));
    assertThat(helicalValley().value(new double[] {1, 0, 0})).isEqualTo(0);
  }

  static Stream<Minimizer> methods() {
    return Stream.of(Lbfgs.withDefaults(), Newton.withDefaults());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void reachesTheMinimumFromTheStandardStart(Minimizer method) {
    OptimizationResult result =
        method.minimize(
            helicalValley(),
            new double[] {-1, 0, 0},
            StoppingRule.gradientNormBelow(1e-8).or(StoppingRule.maxIterations(500)));

    assertThat(result.value()).as(result.toString()).isLessThan(1e-12);
    assertThat(result.point()[0]).as(result.toString()).isCloseTo(1, within(1e-6));
    assertThat(result.point()[1]).as(result.toString()).isCloseTo(0, within(1e-6));
    assertThat(result.point()[2]).as(result.toString()).isCloseTo(0, within(1e-6));
  }
}
