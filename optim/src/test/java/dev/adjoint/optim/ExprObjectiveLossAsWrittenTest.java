package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link ExprObjective} minimises and reports is the loss exactly as the user wrote it, even
 * where a simplifier rule rewrites it (and so even if a rule were wrong): its value equals {@code
 * loss.eval} at generated points, and a NaN in the loss as written is not hidden.
 */
class ExprObjectiveLossAsWrittenTest {
  private static final Variable X = Variable.of("x", 3, 3);
  private static final Variable W = Variable.of("w", 3, 3);

  /** Losses the simplifier rewrites: into softmax, softplus, log1p, and by cancelling x − x. */
  static Stream<Expr> losses() {
    return Stream.of(
        // issue 8: the logsumexp over axis 1 broadcast back along the other axis
        sum(mul(exp(sub(X, logsumexp(X, 1))), W)),
        sum(mul(log(sigmoid(X)), W)),
        sum(mul(log(add(constant(1), square(X))), W)),
        add(sum(mul(sub(X, X), W)), sum(square(mul(X, W)))));
  }

  @ParameterizedTest
  @MethodSource("losses")
  void theValueIsTheLossAsWrittenAtGeneratedPoints(Expr loss) {
    Random random = new Random(loss.toString().hashCode());
    Bindings constants = Bindings.of("w", Tensor.randomUniform(W.shape(), -1, 1, random));
    ExprObjective objective = ExprObjective.of(loss, List.of(X), constants);
    for (int trial = 0; trial < 25; trial++) {
      Tensor x = Tensor.randomUniform(X.shape(), -3, 3, random);
      double[] point = x.toArray();
      double[] gradient = new double[point.length];

      double value = objective.valueAndGradient(point, gradient);

      double asWritten = loss.eval(constants.with(X, x)).item();
      assertThat(value).as("%s at %s", loss, x).isEqualTo(asWritten);
      assertThat(objective.value(point)).isEqualTo(asWritten);
    }
  }

  @Test
  void aNaNInTheLossAsWrittenIsReportedNotRewrittenAway() {
    Variable y = Variable.of("y", 2);
    // (y − y)·log(y) is NaN at y = 0 as written; cancelling y − y first would give 0
    Expr loss = add(sum(mul(sub(y, y), log(y))), sum(square(y)));
    ExprObjective objective = ExprObjective.of(loss, y);

    assertThat(objective.value(new double[] {0, 1})).isNaN();
    assertThat(objective.value(new double[] {2, 1})).isEqualTo(5);
  }
}
