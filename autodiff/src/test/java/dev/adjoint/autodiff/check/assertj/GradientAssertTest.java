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
import dev.adjoint.autodiff.parse.Parser;
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

  /** The rows of issue 9 that must not pass, through the assertions. */
  @Test
  void aConstantHandGradientAtTheHuberBoundaryFails() {
    Variable x = Variable.of("x", 3);
    Bindings at = Bindings.of("x", Tensor.vector(1, 0.5, -1)); // |x| = δ = 1 at [0] and [2]
    Expr huber = Parser.parse("sum(where(le(abs(x), 1), 0.5 * x^2, abs(x) - 0.5))", x);
    assertThatThrownBy(
            () ->
                assertThatGradientOf(huber)
                    .withRespectTo(x)
                    .at(at)
                    .matchesFiniteDifferences()
                    .isCloseTo(Parser.parse("x * 0 + 42", x), withinRelative(1e-9)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FAIL")
        .hasMessageContaining("hand vs autodiff: MISMATCH, 3 of 3 elements judged");
    assertThatGradientOf(huber)
        .withRespectTo(x)
        .at(at)
        .matchesFiniteDifferences()
        .isCloseTo(Parser.parse("where(le(abs(x), 1), x, sign(x))", x), withinRelative(1e-9));
  }

  @Test
  void anInconclusiveCheckFailsTheAssertionWithTheReason() {
    Variable x = Variable.of("x", 2);
    Expr loss = Parser.parse("sum(log(x))", x);
    assertThatThrownBy(
            () ->
                assertThatGradientOf(loss)
                    .withRespectTo(x)
                    .at(Bindings.of("x", Tensor.vector(1, 0)))
                    .matchesFiniteDifferences())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("INCONCLUSIVE (2 elements could not be judged numerically")
        .hasMessageContaining("log produced -Infinity at [1] in log(x)");
  }

  @Test
  void oneHotSoftmaxCrossEntropyPassesWithAWarning() {
    Variable z = Variable.of("z", 3);
    Variable t = Variable.of("t", 3);
    Expr loss = Parser.parse("-sum(t * log(softmax(z)))", z, t);
    assertThatGradientOf(loss)
        .withRespectTo(z)
        .at(Bindings.of("z", Tensor.vector(0.5, -1, 2), "t", Tensor.vector(0, 0, 1)))
        .agreesWithHandDerivedAndFiniteDifferences(Parser.parse("softmax(z) - t", z, t));
  }
}
