package dev.adjoint.autodiff.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kinks are detected, not guessed: at seeded random points with elements exactly on the boundary,
 * C¹ losses (Huber, squared hinge) have no kinks and are judged at every element, while |x| and
 * relu have kinks exactly at their zeros, with the right one-sided derivatives.
 */
class KinkDetectionTest {
  static IntStream seeds() {
    return IntStream.range(0, 40);
  }

  /** Values with about half the elements exactly at ±{@code at}, the others random. */
  private static double[] onTheBoundary(Random random, int n, double at) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] =
          random.nextBoolean()
              ? (random.nextBoolean() ? at : -at)
              : Math.round(random.nextGaussian() * 8) / 4.0;
    }
    return v;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void c1BoundariesAreNotKinksAndEveryElementIsJudged(int seed) {
    Random random = new Random(seed);
    double delta = new double[] {0.5, 1, 2}[random.nextInt(3)];
    double[] r = onTheBoundary(random, 5, delta);
    Variable x = Variable.of("x", 5);
    String huber =
        String.format(
            "sum(where(le(abs(x), %s), 0.5 * x^2, %s * (abs(x) - 0.5 * %s)))", delta, delta, delta);
    String hinge = "sum(relu(" + delta + " - x)^2)";
    Bindings at = Bindings.of("x", Tensor.vector(r));
    for (String loss : new String[] {huber, hinge}) {
      Expr e = Parser.parse(loss, x);
      GradientCheckReport report = GradientCheck.of(e).at(at);
      String where = "seed " + seed + ": " + loss + " at x = " + Arrays.toString(r) + "\n" + report;
      assertThat(report.outcome()).as(where).isEqualTo(Outcome.PASS);
      assertThat(report.kinkCount()).as(where).isZero();
      assertThat(report.variable(x).autodiffVsFiniteDifferences().comparedElements())
          .as(where)
          .isEqualTo(5);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aGradientOffByOneThousandthAtABoundaryElementFails(int seed) {
    Random random = new Random(seed);
    double[] r = onTheBoundary(random, 4, 1);
    r[0] = 1; // element 0 on the boundary
    Variable x = Variable.of("x", 4);
    Expr loss = Parser.parse("sum(where(le(abs(x), 1), 0.5 * x^2, abs(x) - 0.5))", x);
    double[] wrong = new double[4];
    wrong[0] = 1e-3;
    Expr hand =
        Parser.parse("where(le(abs(x), 1), x, sign(x))", x)
            .plus(dev.adjoint.autodiff.Exprs.constant(Tensor.vector(wrong)));
    GradientCheckReport report =
        GradientCheck.of(loss).withHandDerived(x, hand).at(Bindings.of("x", Tensor.vector(r)));
    assertThat(report.outcome())
        .as("seed %s at %s%n%s", seed, Arrays.toString(r), report)
        .isEqualTo(Outcome.FAIL);
    assertThat(report.variable(x).handVsAutodiff().orElseThrow().worstIndex().orElseThrow())
        .containsExactly(0);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void absAndReluHaveKinksExactlyAtTheirZerosWithTheirOneSidedSlopes(int seed) {
    Random random = new Random(seed);
    double[] v = onTheBoundary(random, 5, 0);
    double[] c = new double[5];
    for (int i = 0; i < 5; i++) {
      c[i] = 0.5 + random.nextInt(4);
    }
    Variable x = Variable.of("x", 5);
    Variable w = Variable.of("c", 5);
    Bindings at = Bindings.of("x", Tensor.vector(v), "c", Tensor.vector(c));
    for (boolean relu : new boolean[] {false, true}) {
      Expr loss = Parser.parse(relu ? "sum(c * relu(x))" : "sum(c * abs(x))", x, w);
      GradientCheckReport report = GradientCheck.of(loss).withRespectTo(x).at(at);
      String where = "seed " + seed + ": " + loss + " at x = " + Arrays.toString(v) + "\n" + report;
      assertThat(report.outcome()).as(where).isEqualTo(Outcome.PASS);
      int zeros = 0;
      for (Kink k : report.variable(x).kinks()) {
        int i = k.index()[0];
        assertThat(v[i]).as(where).isZero();
        assertThat(k.left()).as(where).isCloseTo(relu ? 0 : -c[i], within(1e-6));
        assertThat(k.right()).as(where).isCloseTo(c[i], within(1e-6));
        assertThat(k.expression()).as(where).isEqualTo(relu ? "relu(x)" : "|x|");
        zeros++;
      }
      assertThat(zeros).as(where).isEqualTo((int) Arrays.stream(v).filter(d -> d == 0).count());
    }
  }
}
