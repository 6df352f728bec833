package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Variable;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Simplified gradients (and second derivatives) of random losses evaluate like the raw backprop
 * graph.
 */
class RandomGradientsTest {
  static final Variable[] VARIABLES = {
    Variable.of("x", 2, 3), Variable.of("y", 2, 3), Variable.of("u", 3), Variable.of("s")
  };

  static IntStream seeds() {
    return IntStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void simplifiedGradientEvaluatesLikeTheRawOne(int seed) {
    Expr loss = sum(RandomExpressions.generate(new Random(seed), 5));
    Gradients simplified = Gradients.of(loss, VARIABLES);
    Gradients raw = Gradients.raw(loss, VARIABLES);
    for (Variable v : VARIABLES) {
      RandomPoints.assertSameValues(raw.of(v), simplified.of(v), Domain.REAL, 2, seed);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void simplifiedHessianVectorProductEvaluatesLikeTheRawOne(int seed) {
    Expr loss = sum(RandomExpressions.generate(new Random(seed), 4));
    Variable x = VARIABLES[0];
    Variable v = Variable.of("v", 2, 3);
    Expr simplified = Gradients.hvp(loss, x, v);
    Expr rawGradient = Gradients.raw(loss, x).of(x);
    Expr raw = Gradients.raw(sum(rawGradient.times(v)), x).of(x);
    RandomPoints.assertSameValues(raw, simplified, Domain.REAL, 2, seed);
  }
}
