package example;

import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.check.assertj.AdjointAssertions.assertThatGradientOf;
import static dev.adjoint.autodiff.check.assertj.AdjointAssertions.withinRelative;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import org.junit.jupiter.api.Test;

class NeuronGradientTest {
  @Test
  void handDerivedGradientMatches() {
    Variable W = Variable.of("W", 1, 3);
    Variable X = Variable.of("X", 3, 1);
    Variable y = Variable.of("y", 1, 1);
    Expr s = sigmoid(W.matmul(X));
    Expr loss = sum(square(s.minus(y)));
    Expr hand = s.minus(y).times(s).times(s.negate().plus(1)).times(2).matmul(X.transpose());

    Bindings at =
        Bindings.of(
            "W", Tensor.matrix(new double[][] {{0.1, 0.2, 0.3}}),
            "X", Tensor.matrix(new double[][] {{1}, {2}, {3}}),
            "y", Tensor.matrix(new double[][] {{1}}));
    assertThatGradientOf(loss)
        .withRespectTo(W)
        .at(at)
        .matchesFiniteDifferences()
        .isCloseTo(hand, withinRelative(1e-12));
  }
}
