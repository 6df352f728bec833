package dev.adjoint.autodiff.print;

import static dev.adjoint.autodiff.Exprs.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.ShapeMismatchException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlainPrinterTest {
  private static final Variable S = Variable.of("s");
  private static final Variable U = Variable.of("u", 3);
  private static final Variable V = Variable.of("v", 3);
  private static final Variable A = Variable.of("A", 2, 3);
  private static final Variable B = Variable.of("B", 3, 2);
  private static final Variable T = Variable.of("T", 2, 3, 4);

  private static Arguments golden(String expected, Supplier<Expr> e) {
    return Arguments.of(expected, e);
  }

  static Stream<Arguments> goldens() {
    return Stream.of(
        golden("s + u * v", () -> S.plus(U.times(V))),
        golden("(s + u) * v", () -> S.plus(U).times(V)),
        golden("s - u - v", () -> S.minus(U).minus(V)),
        golden("s - (u - v)", () -> S.minus(U.minus(V))),
        // the parse must give back the same tree, so even associative operators keep these
        golden("s + (u + v)", () -> S.plus(U.plus(V))),
        golden("u * (v * s)", () -> U.times(V.times(S))),
        golden("u / v * s", () -> U.div(V).times(S)),
        golden("u / (v * s)", () -> U.div(V.times(S))),
        golden("-s^2", () -> S.pow(2).negate()),
        golden("(-s)^2", () -> S.negate().pow(2)),
        golden("s^u^v", () -> S.pow(U.pow(V))),
        golden("(s^u)^v", () -> S.pow(U).pow(V)),
        golden("s^-u", () -> S.pow(U.negate())),
        golden("s^(u + v)", () -> S.pow(U.plus(V))),
        golden("u * -2", () -> U.times(constant(-2))),
        golden("u - -2", () -> U.minus(constant(-2))),
        golden("(-2)^s", () -> constant(-2).pow(S)),
        golden("A' @ A", () -> A.transpose().matmul(A)),
        golden("(A @ B)'", () -> A.matmul(B).transpose()),
        golden("-A'", () -> A.transpose().negate()),
        golden("(-A)'", () -> A.negate().transpose()),
        golden("A'^2", () -> A.transpose().pow(2)),
        golden("(A^2)'", () -> A.pow(2).transpose()),
        golden("square(sigmoid(u) - v)", () -> Exprs.square(Exprs.sigmoid(U).minus(V))),
        golden("sum(A, 1)", () -> Exprs.sum(A, 1)),
        golden("sum(T, 0, 2)", () -> Exprs.sum(T, 0, 2)),
        golden("mean(A)", () -> Exprs.mean(A)),
        golden("logsumexp(A, 1)", () -> Exprs.logsumexp(A, 1)),
        golden("softmax(A, 1)", () -> Exprs.softmax(A, -1)),
        golden("log_softmax(A, 0)", () -> Exprs.logSoftmax(A, 0)),
        golden("transpose(T, 1, 0, 2)", () -> Exprs.permute(T, 1, 0, 2)),
        golden("transpose(T, 2, 1, 0)", () -> Exprs.transpose(T)),
        golden("reshape(A, 3, 2)", () -> A.reshape(3, 2)),
        golden("reshape(u[1:2])", () -> Exprs.slice(U, Index.range(1, 2)).reshape()),
        golden("A[:, 1:]", () -> Exprs.slice(A, Index.all(), Index.range(1, 3))),
        golden("A[:1]", () -> Exprs.slice(A, Index.range(0, 1))),
        golden("u[0:0]", () -> Exprs.slice(U, Index.range(2, 1))),
        golden("u[1::-1]", () -> Exprs.slice(U, Index.range(1, null, -1))),
        golden("u[:0:-1]", () -> Exprs.slice(U, Index.range(null, 0, -1))),
        golden("broadcast(u, 2, 3)", () -> Exprs.broadcastTo(U, 2, 3)),
        golden("concat(A, A, 1)", () -> Exprs.concat(-1, A, A)),
        golden("A[1, ::2]", () -> Exprs.slice(A, Index.at(-1), Index.range(null, null, 2))),
        golden("u[::-1]", () -> Exprs.slice(U, Index.range(null, null, -1))),
        golden("(u + v)[0]", () -> Exprs.at(U.plus(V), 0)),
        golden("pad(u, [6], [1::2])", () -> Exprs.pad(U, Shape.of(6), List.of(range(1, 3, 2)))),
        golden(
            "where(gt(u, 0), u, 0)", () -> Exprs.where(Exprs.gt(U, constant(0)), U, constant(0))),
        golden("stop_gradient(sign(u))", () -> Exprs.stopGradient(Exprs.sign(U))),
        golden("zeros(2, 3)", () -> Constant.zeros(Shape.of(2, 3))),
        golden("ones(3)", () -> Constant.ones(Shape.of(3))),
        golden("full(0.5, 2)", () -> Constant.of(Tensor.full(Shape.of(2), 0.5))),
        golden("full(-0, 2)", () -> Constant.of(Tensor.full(Shape.of(2), -0.0))),
        golden(
            "[[1, 2.5], [-3, 0]]",
            () -> Constant.of(Tensor.matrix(new double[][] {{1, 2.5}, {-3, 0}}))),
        golden("1/0", () -> constant(Double.POSITIVE_INFINITY)),
        golden("-1/0", () -> constant(Double.NEGATIVE_INFINITY)),
        golden("u * (0/0)", () -> U.times(constant(Double.NaN))),
        golden("-0", () -> constant(-0.0)),
        golden("1.0E20", () -> constant(1e20)),
        golden("1.0E-7", () -> constant(1e-7)),
        golden("0.001", () -> constant(1e-3)));
  }

  private static dev.adjoint.autodiff.op.Slice.Range range(int start, int count, int step) {
    return new dev.adjoint.autodiff.op.Slice.Range(start, count, step, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void printsTheFewestParenthesesThatParseBack(String expected, Supplier<Expr> e) {
    assertThat(PlainPrinter.print(e.get())).isEqualTo(expected);
    assertThat(e.get().toString()).isEqualTo(expected);
  }

  @Test
  void aMillionNodeChainPrintsWithoutRecursion() {
    Expr chain = U;
    for (int i = 0; i < 1_000_000; i++) {
      chain = i % 2 == 0 ? Exprs.exp(chain) : chain.plus(1.0);
    }

    String text = chain.toString();

    assertThat(text).hasSize(PlainPrinter.TO_STRING_LIMIT).startsWith("exp(exp(").endsWith("…");
  }

  @Test
  void aDeepChainPrintsInFull() {
    Expr chain = U;
    int depth = 200_000;
    for (int i = 0; i < depth; i++) {
      chain = Exprs.sin(chain);
    }

    assertThat(PlainPrinter.print(chain)).isEqualTo("sin(".repeat(depth) + "u" + ")".repeat(depth));
  }

  @Test
  void exponentiallySharedGraphsAreCutNotExpanded() {
    Expr e = U;
    for (int i = 0; i < 64; i++) {
      e = e.times(e);
    }
    Expr shared = e;

    assertThat(shared.toString()).hasSize(PlainPrinter.TO_STRING_LIMIT).endsWith("…");
    assertThat(PlainPrinter.print(shared, 20)).isEqualTo("u * u * (u * u) * (…");
    assertThatThrownBy(() -> PlainPrinter.print(shared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("print it with a limit");
  }

  @Test
  void errorMessagesQuoteAShortenedExpression() {
    Expr big = U;
    for (int i = 0; i < 10_000; i++) {
      big = Exprs.tanh(big);
    }
    Expr operand = big;

    assertThatThrownBy(() -> A.matmul(operand.reshape(1, 3)))
        .isInstanceOf(ShapeMismatchException.class)
        .satisfies(
            e -> assertThat(e.getMessage()).hasSizeLessThan(PlainPrinter.MESSAGE_LIMIT + 100));
    assertThatThrownBy(() -> Exprs.softmax(operand, 4))
        .isInstanceOf(ShapeMismatchException.class)
        .satisfies(
            e -> assertThat(e.getMessage()).hasSizeLessThan(PlainPrinter.MESSAGE_LIMIT + 100));
    assertThat(PlainPrinter.brief(operand)).hasSize(PlainPrinter.MESSAGE_LIMIT).endsWith("…");
  }
}
