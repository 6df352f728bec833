package com.example.customop;

import static com.example.customop.LogCosh.logcosh;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.op.Trait;
import dev.adjoint.autodiff.print.Printer;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A function Adjoint lacks, added from outside the library as one class ({@link LogCosh}), works
 * everywhere: evaluation, compiled programs (its scalar path too), gradients, second derivatives,
 * printing and simplification.
 */
class LogCoshTest {
  static final Variable X = Variable.of("x", 4);
  static final Variable W = Variable.of("W", 2, 4);

  /** Reference values log(cosh x) computed in double precision where cosh x does not overflow. */
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0.5, 0.12011450695827745",
    "1, 0.4337808304830271",
    "-2, 1.3250027473578645",
    "3, 2.309328504577785",
    "1000, 999.3068528194401", // |x| − log 2: cosh(1000) overflows
  })
  void kernelMatchesReferenceValues(double x, double expected) {
    Tensor value = logcosh(constant(x)).eval();
    assertThat(value.item()).isCloseTo(expected, within(1e-15 * Math.max(1, expected)));
  }

  @Test
  void compiledProgramEvaluatesLossAndGradientTogether() {
    Expr loss = sum(logcosh(X));
    Expr gradient = loss.gradient(X).of(X);
    Tensor x = Tensor.vector(-2, 0, 0.5, 3);
    List<Tensor> values = Program.compile(loss, gradient).run(Bindings.of("x", x));
    double expectedLoss = 1.3250027473578645 + 0 + 0.12011450695827745 + 2.309328504577785;
    assertThat(values.get(0).item()).isCloseTo(expectedLoss, within(1e-14));
    for (int i = 0; i < 4; i++) {
      assertThat(values.get(1).get(i)).isCloseTo(Math.tanh(x.get(i)), within(1e-15));
    }
  }

  @Test
  void takesTheScalarPathOfCompiledEvaluation() {
    Variable s = Variable.of("s");
    Expr loss = logcosh(s.times(2));
    Bindings at = Bindings.of("s", Tensor.scalar(0.75));
    List<Expr> outputs = List.of(loss, loss.gradient(s).of(s));
    // the plain program computes scalars through LogCosh.apply, the checking one through the kernel
    assertThat(Program.compile(outputs).run(at))
        .isEqualTo(Program.compile(outputs).checkingFinite().run(at));
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Random random = new Random(1);
    Tensor w = Tensor.randomNormal(W.shape(), random);
    Tensor x = Tensor.randomNormal(X.shape(), random);
    Expr loss = sum(square(logcosh(W.matmul(X))));
    Bindings at = Bindings.of("W", w, "x", x);
    Tensor gradient = loss.gradient(W).of(W).eval(at);
    double h = 1e-6;
    for (int i = 0; i < w.size(); i++) {
      double[] plus = w.toArray();
      double[] minus = w.toArray();
      plus[i] += h;
      minus[i] -= h;
      double numeric =
          (loss.eval(at.with(W, Tensor.wrap(W.shape(), plus))).item()
                  - loss.eval(at.with(W, Tensor.wrap(W.shape(), minus))).item())
              / (2 * h);
      assertThat(gradient.getFlat(i)).isCloseTo(numeric, within(1e-8));
    }
  }

  @Test
  void secondDerivativeIsOneMinusTanhSquared() {
    Tensor x = Tensor.vector(-1.2, -0.3, 0.4, 1.7);
    Tensor hessian = Gradients.hessian(sum(logcosh(X)), X).eval(Bindings.of("x", x));
    assertThat(hessian.shape()).isEqualTo(Shape.of(4, 4));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double t = Math.tanh(x.get(i));
        double expected = i == j ? 1 - t * t : 0;
        assertThat(hessian.get(i, j)).as("H[%s,%s]", i, j).isCloseTo(expected, within(1e-15));
      }
    }
  }

  @Test
  void printsWithItsNotation() {
    Expr e = sum(logcosh(W.matmul(X)));
    assertThat(e.toString()).isEqualTo("sum(logcosh(W @ x))");
    assertThat(Printer.latex().print(logcosh(X))).isEqualTo("\\log\\cosh\\left(x\\right)");
    assertThat(new LogCosh().name()).isEqualTo("logcosh");
    assertThat(new LogCosh().has(Trait.EVEN)).isTrue();
  }

  @Test
  void isSharedLikeBuiltInOps() {
    assertThat(logcosh(X)).isSameAs(logcosh(X));
    assertThat(logcosh(X)).isNotSameAs(logcosh(W.matmul(X)));
  }

  @Test
  void simplifierLeavesItIntactAndSimplifiesAroundIt() {
    Expr e = logcosh(X);
    assertThat(Simplifier.simplify(e)).isSameAs(e);
    Expr around = logcosh(X).times(constant(2)).plus(logcosh(X));
    assertThat(Simplifier.simplify(around).toString()).isEqualTo("3 * logcosh(x)");
    assertThat(sum(logcosh(X)).gradient(X).of(X).toString()).isEqualTo("tanh(x)");
  }

  @Test
  void usageShownInTheReadme() {
    // --- usage snippet starts ---
    Variable x = Variable.of("x", 4);
    Expr loss = sum(logcosh(x));
    Expr gradient = loss.gradient(x).of(x); // tanh(x)
    Expr hessian = Gradients.hessian(loss, x); // differentiates the gradient again
    List<Tensor> values =
        Program.compile(loss, gradient).run(Bindings.of("x", Tensor.vector(-2, 0, 0.5, 3)));
    // --- usage snippet ends ---
    assertThat(gradient.toString()).isEqualTo("tanh(x)");
    assertThat(hessian.shape()).isEqualTo(Shape.of(4, 4));
    assertThat(values.get(1).get(3)).isCloseTo(Math.tanh(3), within(1e-15));
  }

  @Test
  void readmeShowsThisOpAndItsUsageVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/com/example/customop/LogCosh.java"));
    String readme = Files.readString(Path.of("../docs/custom-ops.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("```java\n" + source + "```");
    String test = Files.readString(Path.of("src/test/java/com/example/customop/LogCoshTest.java"));
    String usage =
        test.substring(
            test.indexOf("\n", test.indexOf("// --- usage snippet starts ---")) + 1,
            test.indexOf("    // --- usage snippet ends ---"));
    assertThat(readme).contains(usage.replace("\n    ", "\n").strip());
  }
}
