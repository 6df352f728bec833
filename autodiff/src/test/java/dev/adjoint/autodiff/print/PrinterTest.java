package dev.adjoint.autodiff.print;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Variable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unicode and LaTeX goldens on hand-built expressions. */
class PrinterTest {
  private static final Variable W = Variable.of("W", 1, 3);
  private static final Variable X = Variable.of("X", 3, 100);
  private static final Variable Y = Variable.of("y", 1, 100);
  private static final Variable S = Variable.of("s");
  private static final Variable U = Variable.of("u", 3);
  private static final Variable V = Variable.of("v", 3);
  private static final Variable A = Variable.of("A", 2, 3);
  private static final Variable B = Variable.of("B", 3, 2);

  private static Arguments golden(String unicode, String latex, Supplier<Expr> e) {
    return Arguments.of(unicode, latex, e);
  }

  static Stream<Arguments> goldens() {
    return Stream.of(
        golden(
            "sum((σ(W·X) − y)²)",
            "\\sum\\left(\\left(\\sigma\\left(W \\cdot X\\right) - y\\right)^{2}\\right)",
            () -> Exprs.sum(Exprs.square(sigmoid(W.matmul(X)).minus(Y)))),
        golden("u ⊙ v", "u \\odot v", () -> U.times(V)),
        golden("2·u", "2 \\cdot u", () -> U.times(2)),
        golden("s·u", "s \\cdot u", () -> S.times(U)),
        golden("A·u", "A \\cdot u", () -> A.matmul(U)),
        golden("2·A·B", "2 \\cdot A \\cdot B", () -> A.matmul(B).times(2)),
        golden("2·(u + v)", "2 \\cdot \\left(u + v\\right)", () -> U.plus(V).times(2)),
        golden("2·u ⊙ v", "2 \\cdot u \\odot v", () -> U.times(V).times(2)),
        golden("u ⊙ v·s", "u \\odot v \\cdot s", () -> U.times(V.times(S))),
        golden("u ⊙ v ⊙ u", "u \\odot v \\odot u", () -> U.times(V.times(U))),
        golden("A·B·A", "A \\cdot B \\cdot A", () -> A.matmul(B.matmul(A))),
        golden(
            "u ⊙ (B·A·u)",
            "u \\odot \\left(B \\cdot A \\cdot u\\right)",
            () -> U.times(B.matmul(A).matmul(U))),
        golden("u + v + s", "u + v + s", () -> U.plus(V.plus(S))),
        golden("u − (v − s)", "u - \\left(v - s\\right)", () -> U.minus(V.minus(S))),
        golden("−u ⊙ v", "-u \\odot v", () -> U.negate().times(V)),
        golden("−(u ⊙ v)", "-\\left(u \\odot v\\right)", () -> U.times(V).negate()),
        golden("Aᵀ", "A^\\top", () -> A.transpose()),
        golden("(A·B)ᵀ", "\\left(A \\cdot B\\right)^\\top", () -> A.matmul(B).transpose()),
        golden("(A²)ᵀ", "\\left(A^{2}\\right)^\\top", () -> Exprs.square(A).transpose()),
        golden("(Aᵀ)²", "\\left(A^\\top\\right)^{2}", () -> Exprs.square(A.transpose())),
        golden("u³", "u^{3}", () -> U.pow(3)),
        golden("u⁻¹", "u^{-1}", () -> U.pow(-1)),
        golden("s^u", "s^{u}", () -> S.pow(U)),
        golden("s^(u + v)", "s^{u + v}", () -> S.pow(U.plus(V))),
        golden("(−u)²", "\\left(-u\\right)^{2}", () -> Exprs.square(U.negate())),
        golden("−u²", "-u^{2}", () -> Exprs.square(U).negate()),
        golden("(u + v)/s", "\\frac{u + v}{s}", () -> U.plus(V).div(S)),
        golden("u/v", "\\frac{u}{v}", () -> U.div(V)),
        golden("(u/v)²", "\\left(\\frac{u}{v}\\right)^{2}", () -> Exprs.square(U.div(V))),
        golden("|u − v|", "\\left|u - v\\right|", () -> Exprs.abs(U.minus(V))),
        golden("√(u)", "\\sqrt{u}", () -> Exprs.sqrt(U)),
        golden("exp(−u)", "\\operatorname{exp}\\left(-u\\right)", () -> Exprs.exp(U.negate())),
        golden(
            "log_softmax(A, 1)",
            "\\operatorname{log\\_softmax}\\left(A, 1\\right)",
            () -> Exprs.logSoftmax(A, 1)),
        golden(
            "A[1, ::2]",
            "A[1, ::2]",
            () ->
                Exprs.slice(
                    A,
                    dev.adjoint.autodiff.Index.at(1),
                    dev.adjoint.autodiff.Index.range(null, null, 2))),
        golden("u − 2", "u - 2", () -> U.minus(2)),
        golden("u + −2.5", "u + -2.5", () -> U.plus(constant(-2.5))),
        golden("2.5×10^20", "2.5 \\times 10^{20}", () -> constant(2.5e20)),
        golden("∞", "\\infty", () -> constant(Double.POSITIVE_INFINITY)),
        golden("𝟎[2×3]", "\\mathbf{0}_{[2\\times 3]}", () -> Constant.zeros(Shape.of(2, 3))),
        golden("𝟏[3]", "\\mathbf{1}_{[3]}", () -> Constant.ones(Shape.of(3))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void printsMathWithTheFewestParentheses(String unicode, String latex, Supplier<Expr> e) {
    assertThat(Printer.unicode().print(e.get())).isEqualTo(unicode);
    assertThat(Printer.latex().print(e.get())).isEqualTo(latex);
  }

  @Test
  void aSubexpressionUsedThriceIsNamedOnce() {
    Expr s = sigmoid(W.matmul(X).times(2));
    Expr e = s.minus(Y).times(s).times(constant(1).minus(s));

    assertThat(Printer.unicode().print(e)).isEqualTo("(a − y) ⊙ a ⊙ (1 − a) where a = σ(2·W·X)");
    assertThat(Printer.latex().print(e))
        .isEqualTo(
            "\\left(a - y\\right) \\odot a \\odot \\left(1 - a\\right)"
                + " \\quad\\text{where } a = \\sigma\\left(2 \\cdot W \\cdot X\\right)");
    assertThat(Printer.unicode().withSharing(false).print(e))
        .isEqualTo("(σ(2·W·X) − y) ⊙ σ(2·W·X) ⊙ (1 − σ(2·W·X))");
  }

  @Test
  void sharingOnlyWhenItShortensTheText() {
    Expr s = sigmoid(W.matmul(X));

    assertThat(Printer.unicode().print(s.minus(Y).times(s))).isEqualTo("(σ(W·X) − y) ⊙ σ(W·X)");
    // 3 × "σ(W·X)" is 18 characters; "a" three times plus " where a = σ(W·X)" is 20
    assertThat(Printer.unicode().print(s.minus(Y).times(s).times(constant(1).minus(s))))
        .isEqualTo("(σ(W·X) − y) ⊙ σ(W·X) ⊙ (1 − σ(W·X))");
    assertThat(Printer.unicode().print(U.transpose().plus(U.transpose()))).isEqualTo("u + u");
    Expr wx = W.matmul(X);
    assertThat(Printer.unicode().print(wx.plus(wx).minus(wx))).isEqualTo("W·X + W·X − W·X");
  }

  @Test
  void usesThroughAnInlinedParentCountEachTime() {
    Expr a = sigmoid(W.matmul(X));
    Expr oneMinusA = constant(1).minus(a);
    // a is an operand of three nodes, but 1 − a is written twice, so a is written four times
    Expr e = a.times(oneMinusA).times(constant(1).minus(Y).div(oneMinusA).minus(Y.div(a)));

    assertThat(Printer.unicode().print(e))
        .isEqualTo("a ⊙ (1 − a) ⊙ ((1 − y)/(1 − a) − y/a) where a = σ(W·X)");
  }

  @Test
  void namesNestAndSkipTheVariablesNames() {
    Variable a = Variable.of("a", 3);
    Expr inner = Exprs.tanh(a.plus(U));
    Expr outer = Exprs.exp(inner.times(inner).times(inner).plus(V));
    Expr e = outer.minus(outer.times(outer)).div(outer);

    assertThat(Printer.unicode().print(e))
        .isEqualTo("(c − c ⊙ c)/c where b = tanh(a + u), c = exp(b ⊙ b ⊙ b + v)");
  }

  @Test
  void explicitBroadcastsUnderElementwiseOperatorsAreLeftOut() {
    Variable m = Variable.of("m", 2, 1);
    Expr row = Exprs.reshape(Exprs.sum(A, 1), 2, 1);

    assertThat(Printer.unicode().print(A.minus(Exprs.broadcastTo(m, 2, 3)))).isEqualTo("A − m");
    assertThat(Printer.unicode().print(Exprs.softmax(A, 1).times(Exprs.broadcastTo(row, 2, 3))))
        .isEqualTo("softmax(A, 1) ⊙ reshape(sum(A, 1), 2, 1)");
    // kept where the operator alone would not broadcast that far
    assertThat(Printer.unicode().print(Exprs.broadcastTo(U, 2, 3).plus(S)))
        .isEqualTo("broadcast(u, 2, 3) + s");
    assertThat(PlainPrinter.print(A.minus(Exprs.broadcastTo(m, 2, 3))))
        .isEqualTo("A - broadcast(m, 2, 3)");
  }

  @Test
  void aScalarFactorInFrontOfAQuotientNeedsNoParentheses() {
    assertThat(Printer.unicode().print(U.div(V).times(0.5))).isEqualTo("0.5·u/v");
    assertThat(Printer.latex().print(U.div(V).times(0.5))).isEqualTo("0.5 \\cdot \\frac{u}{v}");
  }

  @Test
  void latexSubscriptsOneUnderscoreAndEscapesTheRest() {
    Expr e = Variable.of("x_1", 3).plus(Variable.of("learning_rate_2")).plus(Variable.of("_w", 3));

    assertThat(Printer.latex().print(e)).isEqualTo("x_{1} + learning\\_rate\\_2 + \\_w");
    assertThat(Printer.unicode().print(e)).isEqualTo("x_1 + learning_rate_2 + _w");
  }

  @Test
  void theLimitCutsTheText() {
    Expr e = Exprs.sum(Exprs.square(sigmoid(W.matmul(X)).minus(Y)));

    assertThat(Printer.unicode().withLimit(10).print(e)).isEqualTo("sum((σ(W·…");
    assertThat(Printer.plain().withLimit(10).print(e)).isEqualTo("sum(squar…");
  }

  @Test
  void thePlainStyleNeverShares() {
    assertThatThrownBy(() -> Printer.plain().withSharing(true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Printer.of(Style.PLAIN).print(U.plus(V))).isEqualTo("u + v");
  }

  @Test
  void aDeepChainPrintsInUnicodeWithALimit() {
    Expr chain = U;
    for (int i = 0; i < 300_000; i++) {
      chain = i % 2 == 0 ? Exprs.exp(chain) : chain.plus(1.0);
    }

    assertThat(Printer.unicode().withLimit(1000).print(chain)).hasSize(1000).endsWith("…");
  }
}
