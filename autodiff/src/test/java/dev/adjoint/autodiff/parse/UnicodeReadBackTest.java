package dev.adjoint.autodiff.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.print.Printer;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Unicode form means what the expression computes: read back through the aliases ({@code · ⊙ −
 * ᵀ σ ²}), it evaluates to the same values. This checks the math styles' looser parentheses (a
 * scalar factor regrouped, {@code ⊙} chains, omitted broadcasts), which the plain round trip does
 * not see. Texts with notation the parser does not read ({@code |x|}, {@code ∞}, {@code 𝟏}) are
 * skipped.
 */
class UnicodeReadBackTest {
  private static final String UNREADABLE = "|∞×N…";

  static LongStream seeds() {
    return LongStream.range(0, 600);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theUnicodeFormEvaluatesLikeTheExpression(long seed) {
    Expr e = new RandomExpressions(seed).next(12);
    String text = Printer.unicode().withSharing(false).print(e);
    // about 70% of the texts are readable (430 of these 600 seeds)
    assumeTrue(text.chars().noneMatch(c -> UNREADABLE.indexOf(c) >= 0) && !text.contains("\uD835"));

    Expr read = Parser.parse(text, RandomExpressions.VARIABLES);

    Bindings at = randomBindings(new Random(seed));
    Tensor expected = e.eval(at);
    Tensor actual = read.eval(at);
    assertThat(actual.shape()).as(text).isEqualTo(expected.shape());
    for (int i = 0; i < expected.size(); i++) {
      double x = expected.getFlat(i);
      double y = actual.getFlat(i);
      if (Double.isNaN(x) || Double.isInfinite(x)) {
        assertThat(Double.compare(x, y) == 0 || Double.isNaN(x) && Double.isNaN(y))
            .as("%s: element %s is %s, read back %s", text, i, x, y)
            .isTrue();
      } else {
        assertThat(Math.abs(x - y))
            .as("%s: element %s is %s, read back %s", text, i, x, y)
            .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(x)));
      }
    }
  }

  private static Bindings randomBindings(Random random) {
    Bindings b = Bindings.of();
    for (Variable v : RandomExpressions.VARIABLES) {
      b = b.with(v.name(), Tensor.randomUniform(v.shape(), 0.1, 2, random));
    }
    return b;
  }
}
