package dev.adjoint.autodiff.check.assertj;

import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.check.assertj.AdjointAssertions.assertThatGradientOf;
import static dev.adjoint.autodiff.check.assertj.AdjointAssertions.withinRelative;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.GradientCheck;
import org.junit.jupiter.api.Test;

class GradientAssertTest {
  private static final Variable W = Variable.of("W", 2, 2);
  private static final Variable V = Variable.of("v", 2);
  private static final Expr LOSS = sum(square(W.matmul(V)));
  private static final Bindings AT =
      Bindings.of(
          "W", Tensor.matrix(new double[][] {{1, 2}, {-0.5, 0.3}}), "v", Tensor.vector(0.7, -1.1));

  @Test
  void passingAssertionsChain() {
    // ∂/∂v ‖Wv‖² = 2 Wᵀ W v
    Expr hand = W.transpose().matmul(W.matmul(V)).times(2.0);
    assertThatGradientOf(LOSS)
        .withRespectTo(V)
        .at(AT)
        .matchesFiniteDifferences()
        .withRawGradients()
        .withRichardson()
        .withTolerance(GradientCheck.DEFAULT_TOLERANCE)
        .matchesFiniteDifferences()
        .isCloseTo(hand, withinRelative(1e-12).orAbsolute(1e-14))
        .isCloseTo(
            b -> Tensor.vector(2 * (1.25 * 0.7 + 1.85 * -1.1), 2 * (1.85 * 0.7 + 4.09 * -1.1)),
            withinRelative(1e-12));
  }

  @Test
  void failureMessageIsTheFullReport() {
    Expr wrong = W.transpose().matmul(W.matmul(V)); // missing factor 2
    assertThatThrownBy(
            () ->
                assertThatGradientOf(LOSS)
                    .withRespectTo(V)
                    .at(AT)
                    .isCloseTo(wrong, withinRelative(1e-10)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("gradient check of")
        .hasMessageContaining("v [2]: FAIL")
        .hasMessageContaining("hand vs autodiff: MISMATCH")
        .hasMessageContaining("worst at [");
  }

  @Test
  void misuseIsExplained() {
    assertThatThrownBy(() -> assertThatGradientOf(LOSS).matchesFiniteDifferences())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("at(bindings)");
    assertThatThrownBy(() -> assertThatGradientOf(LOSS).at(AT).isCloseTo(sin(V), withinRelative(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exactly one variable");
  }

  @Test
  void reportAssertions() {
    AdjointAssertions.assertThat(GradientCheck.of(LOSS).at(AT)).passed();
    assertThatThrownBy(() -> AdjointAssertions.assertThat(GradientCheck.of(LOSS).at(AT)).failed())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("passed");
  }
}
