package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import org.junit.jupiter.api.Test;

/**
 * Compiled evaluation applies the stabilize rules, so a user who writes the textbook form gets the
 * true value where the written form would overflow (issue 10's "stable forward values").
 */
class StableEvaluationTest {
  private final Variable x = Variable.of("x", 3);

  private Tensor at(Expr e, double... values) {
    return e.eval(Bindings.of("x", Tensor.vector(values)));
  }

  @Test
  void logSigmoidIsFiniteFarOutInTheTail() {
    Expr e = log(sigmoid(x));
    // log σ(−1000) = −1000 − log(1 + e^−1000) = −1000 in double; log σ(1000) = −e^−1000 = −0.
    assertThat(at(e, -1000, 0, 1000).toArray())
        .containsExactly(new double[] {-1000, -Math.log(2), 0}, within(1e-15));
  }

  @Test
  void logSoftmaxOfWidelySpreadLogitsIsFinite() {
    Expr e = log(softmax(x, 0));
    // logits (−1000, 0, 1000): log softmax = x − 1000 − log(1 + e^−1000 + e^−2000) = (−2000, −1000,
    // 0)
    assertThat(at(e, -1000, 0, 1000).toArray())
        .containsExactly(new double[] {-2000, -1000, 0}, within(1e-12));
  }

  @Test
  void outputsAreTheExpressionsAsWritten() {
    Expr e = sum(log(sigmoid(x)));
    Program p = Program.compile(e);
    assertThat(p.outputs()).containsExactly(e);
    assertThat(
            p.checkingFinite().run(Bindings.of("x", Tensor.vector(-1000, 0, 1000))).get(0).item())
        .isCloseTo(-1000 - Math.log(2), within(1e-12));
  }
}
