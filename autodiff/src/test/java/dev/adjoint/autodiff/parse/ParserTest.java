package dev.adjoint.autodiff.parse;

import static dev.adjoint.autodiff.Exprs.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {
  private static final Variable W = Variable.of("W", 1, 3);
  private static final Variable X = Variable.of("X", 3, 100);
  private static final Variable Y = Variable.of("y", 1, 100);
  private static final Variable A = Variable.of("A", 2, 3);
  private static final Variable U = Variable.of("u", 3);
  private static final Variable V = Variable.of("v", 3);
  private static final Variable S = Variable.of("s");
  private static final Variable T = Variable.of("T", 2, 3, 4);
  private static final List<Variable> ALL = List.of(W, X, Y, A, U, V, S, T);

  private static Expr parse(String text) {
    return Parser.parse(text, ALL);
  }

  @Test
  void theMissionLossInPlainAndUnicodeIsOneNode() {
    Expr built = Exprs.sum(Exprs.pow(Exprs.sigmoid(W.matmul(X)).minus(Y), constant(2)));

    assertThat(parse("sum((sigmoid(W @ X) - y)^2)")).isSameAs(built);
    assertThat(parse("sum((σ(W·X) − y)²)")).isSameAs(built);
  }

  @Test
  void variableShapesComeFromAMapBindingsOrVariables() {
    Expr expected = Exprs.sigmoid(W.matmul(X));
    String text = "sigmoid(W @ X)";

    assertThat(Parser.parse(text, Map.of("W", Shape.of(1, 3), "X", Shape.of(3, 100))))
        .isSameAs(expected);
    assertThat(Parser.parse(text, Bindings.of("W", Tensor.zeros(1, 3), "X", Tensor.zeros(3, 100))))
        .isSameAs(expected);
    assertThat(Parser.parse(text, W, X)).isSameAs(expected);
  }

  @Test
  void precedenceAndAssociativityFollowTheGrammar() {
    assertThat(parse("s + u * v")).isSameAs(S.plus(U.times(V)));
    assertThat(parse("s - u - v")).isSameAs(S.minus(U).minus(V));
    assertThat(parse("s - (u - v)")).isSameAs(S.minus(U.minus(V)));
    assertThat(parse("u / v * s")).isSameAs(U.div(V).times(S));
    assertThat(parse("-s^2")).isSameAs(S.pow(2).negate());
    assertThat(parse("(-s)^2")).isSameAs(S.negate().pow(2));
    assertThat(parse("s^u^v")).isSameAs(S.pow(U.pow(V)));
    assertThat(parse("s^-u")).isSameAs(S.pow(U.negate()));
    assertThat(parse("u * -2")).isSameAs(U.times(constant(-2)));
    assertThat(parse("A' @ A")).isSameAs(A.transpose().matmul(A));
    assertThat(parse("-A'")).isSameAs(A.transpose().negate());
    assertThat(parse("Aᵀ[0]")).isSameAs(Exprs.at(A.transpose(), 0));
  }

  @Test
  void superscriptsAreIntegerPowers() {
    assertThat(parse("u²")).isSameAs(U.pow(2));
    assertThat(parse("u³ + u⁻¹")).isSameAs(U.pow(3).plus(U.pow(-1)));
    assertThat(parse("(u + v)¹⁰")).isSameAs(U.plus(V).pow(10));
    assertThatThrownBy(() -> parse("u⁻")).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> parse("u²²²²²²²²²²²²")).isInstanceOf(ParseException.class);
  }

  @Test
  void aNegativeSuperscriptOnAMatrixIsRefusedNotReadAsTheElementwisePower() {
    assertThat(parse("A²")).isSameAs(A.pow(2));
    assertThatThrownBy(() -> parse("A⁻¹"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("write inv(x) for the inverse or x^-1 for the elementwise power");
  }

  @Test
  void aCentreDotWithAScalarOperandIsTheElementwiseProduct() {
    assertThat(parse("2·u")).isSameAs(Exprs.mul(constant(2), U));
    assertThat(parse("2*u")).isSameAs(Exprs.mul(constant(2), U));
    assertThat(parse("A·u")).isSameAs(A.matmul(U));
    assertThatThrownBy(() -> parse("2 @ u")).isInstanceOf(ParseException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "42, 42",
    "2.5, 2.5",
    ".5, 0.5",
    "3., 3",
    "1e-3, 0.001",
    "1.0E20, 1e20",
    "6.02e+23, 6.02e23",
    "1E5, 100000"
  })
  void numbersAreReadAsTensorFormatNumberWritesThem(String text, double value) {
    assertThat(parse(text)).isSameAs(Constant.of(value));
    assertThat(parse(Tensor.formatNumber(value))).isSameAs(Constant.of(value));
  }

  @Test
  void functionsTakeIntegerParametersAfterTheirOperands() {
    assertThat(parse("sum(A, 0)")).isSameAs(Exprs.sum(A, 0));
    assertThat(parse("sum(A, -1)")).isSameAs(Exprs.sum(A, 1));
    assertThat(parse("sum(T, 0, 2)")).isSameAs(Exprs.sum(T, 0, 2));
    assertThat(parse("mean(A)")).isSameAs(Exprs.mean(A));
    assertThat(parse("max(A, 1)")).isSameAs(Exprs.max(A, 1));
    assertThat(parse("min(A, 0)")).isSameAs(Exprs.min(A, 0));
    assertThat(parse("logsumexp(A, 1)")).isSameAs(Exprs.logsumexp(A, 1));
    assertThat(parse("softmax(A)")).isSameAs(Exprs.softmax(A, 1));
    assertThat(parse("softmax(A, 0)")).isSameAs(Exprs.softmax(A, 0));
    assertThat(parse("log_softmax(A, -1)")).isSameAs(Exprs.logSoftmax(A, 1));
    assertThat(parse("transpose(A)")).isSameAs(A.transpose());
    assertThat(parse("transpose(T, 1, 0, 2)")).isSameAs(Exprs.permute(T, 1, 0, 2));
    assertThat(parse("reshape(A, 3, 2)")).isSameAs(A.reshape(3, 2));
    assertThat(parse("broadcast(u, 2, 3)")).isSameAs(Exprs.broadcastTo(U, 2, 3));
    assertThat(parse("concat(u, v)")).isSameAs(Exprs.concat(0, U, V));
    assertThat(parse("concat(A, A, -1)")).isSameAs(Exprs.concat(1, A, A));
    assertThat(parse("dot(u, v)")).isSameAs(Exprs.dot(U, V));
    assertThat(parse("norm(u)")).isSameAs(Exprs.norm(U));
    assertThat(parse("where(gt(u, 0), u, 0)"))
        .isSameAs(Exprs.where(Exprs.gt(U, constant(0)), U, constant(0)));
    assertThat(parse("stop_gradient(sign(u))")).isSameAs(Exprs.stopGradient(Exprs.sign(U)));
    assertThat(parse("le(u, v) + ge(u, v) + lt(u, v) + eq(u, v)"))
        .isSameAs(Exprs.le(U, V).plus(Exprs.ge(U, V)).plus(Exprs.lt(U, V)).plus(Exprs.eq(U, V)));
  }

  @Test
  void slicesFollowNumpy() {
    assertThat(parse("A[1, ::2]"))
        .isSameAs(Exprs.slice(A, Index.at(1), Index.range(null, null, 2)));
    assertThat(parse("A[-1]")).isSameAs(Exprs.at(A, 1));
    assertThat(parse("A[:, 1:3]")).isSameAs(Exprs.slice(A, Index.all(), Index.range(1, 3)));
    assertThat(parse("u[::-1]")).isSameAs(Exprs.slice(U, Index.range(null, null, -1)));
    assertThat(parse("u[:]")).isSameAs(U);
  }

  @Test
  void constantTensorsHaveLiteralsAndFunctions() {
    assertThat(parse("[[1, 2], [3, 4]]"))
        .isSameAs(Constant.of(Tensor.matrix(new double[][] {{1, 2}, {3, 4}})));
    assertThat(parse("[-1, 0.5, 1/0]"))
        .isSameAs(Constant.of(Tensor.vector(-1, 0.5, Double.POSITIVE_INFINITY)));
    assertThat(parse("zeros(2, 3)")).isSameAs(Constant.zeros(Shape.of(2, 3)));
    assertThat(parse("ones(3)")).isSameAs(Constant.ones(Shape.of(3)));
    assertThat(parse("full(-2.5, 2)")).isSameAs(Constant.of(Tensor.full(Shape.of(2), -2.5)));
    assertThat(parse("pad(u, [6], [1:6:2])"))
        .isSameAs(
            Exprs.pad(
                U, Shape.of(6), List.of(new dev.adjoint.autodiff.op.Slice.Range(1, 3, 2, false))));
  }

  @Test
  void theMessageNamesTheColumnAndPointsAtIt() {
    assertThatThrownBy(() -> parse("sigmoid(W @ X"))
        .isInstanceOf(ParseException.class)
        .hasMessage(
            "expected ')' at column 14; found the end of the input\n"
                + "  sigmoid(W @ X\n"
                + "               ^")
        .extracting(e -> ((ParseException) e).position())
        .isEqualTo(13);
  }

  @Test
  void anUnknownVariableListsTheBoundOnes() {
    assertThatThrownBy(() -> Parser.parse("W @ X - y", W, X))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("unknown variable y at column 9; bound: W, X\n")
        .extracting(e -> ((ParseException) e).position())
        .isEqualTo(8);
  }

  @ParameterizedTest
  @CsvSource({"sigmod(u), sigmoid", "tnah(u), tanh", "Sum(u), sum", "logsumexpp(u), logsumexp"})
  void anUnknownFunctionGetsASuggestion(String text, String suggestion) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("; did you mean " + suggestion + "?");
  }

  @Test
  void aFarFetchedFunctionGetsNoSuggestion() {
    assertThatThrownBy(() -> parse("frobnicate(u)"))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("unknown function frobnicate at column 1\n");
  }

  @Test
  void shapeErrorsPointAtTheOperator() {
    assertThatThrownBy(() -> parse("sigmoid(W @ W)"))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith(
            "matmul: inner dimensions differ: [1×3] · [1×3] in W @ W at column 11")
        .extracting(e -> ((ParseException) e).position())
        .isEqualTo(10);
    assertThatThrownBy(() -> parse("u + A[0:1, 0:2]"))
        .isInstanceOf(ParseException.class)
        .extracting(e -> ((ParseException) e).position())
        .isEqualTo(2);
    assertThatThrownBy(() -> parse("softmax(u, 3)"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("axis 3")
        .extracting(e -> ((ParseException) e).position())
        .isEqualTo(0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | expected an expression at column 1; found the end of the input | 0",
        "u + | expected an expression at column 4; found the end of the input | 3",
        "2u | expected an operator or the end of the input at column 2; found 'u' | 1",
        "u $ v | unexpected character '$' at column 3 | 2",
        "1e400 | number 1e400 is too large for a double at column 1 | 0",
        "u[99999999999] | integer 99999999999 is out of range at column 3 | 2",
        "u[1.5] | expected an integer at column 3; found 1.5 | 2",
        "u[::0] | slice step cannot be zero at column 5 | 4",
        "sum(A, 0.5) | sum: axis must be an integer at column 8; found 0.5 | 7",
        "sum(A, s) | sum: axis must be an integer at column 8; found s | 7",
        "sigmoid(u, v) | sigmoid takes 1 operand, but was given 2 arguments at column 1 | 0",
        "where(u, v) | where takes 3 operands, but was given 2 arguments at column 1 | 0",
        "[[1, 2], [3]] | array literal is not rectangular: 1 elements where 2 were expected at column 10 | 9",
        "[[1, 2], 3] | array literal is not rectangular at column 10 | 9",
        "[] | empty array literal at column 2; write zeros(0) for an empty tensor | 1",
        "[u] | array elements must be numbers at column 2; found u | 1",
        "zeros(10000, 10000) | zeros: [10000×10000] has 100000000 elements, more than a constant may hold (16777216) at column 1 | 0",
        "exp | unknown variable exp at column 1; no variables are bound; exp is a function, called as exp(...) | 0",
      })
  void errorsNameWhatWasWrongAndWhere(String text, String message, int position) {
    assertThatThrownBy(() -> Parser.parse(text, text.startsWith("exp") ? List.of() : ALL))
        .isInstanceOf(ParseException.class)
        .satisfies(
            e -> {
              ParseException p = (ParseException) e;
              assertThat(p.getMessage().lines().findFirst()).hasValue(message);
              assertThat(p.position()).isEqualTo(position);
            });
  }

  @Test
  void largeZeroResultsStaySymbolicAndRoundTrip() {
    // 2^28 elements, the limit per tensor: 2 GiB if it were materialised.
    Variable wide = Variable.of("wide", 1, 16_384);

    Expr zero = Parser.parse("zeros(16384, 1) * wide", wide);

    assertThat(zero.isConstant()).isFalse(); // the product is kept as written: wide may be NaN
    assertThat(zero.shape()).isEqualTo(Shape.of(16_384, 16_384));
    assertThat(Parser.parse(zero.toString(), wide)).isSameAs(zero);
    Expr simplified = Simplifier.simplify(zero);
    assertThat(Exprs.isZero(simplified)).isTrue();
    assertThat(simplified.isConstant()).isFalse();
    assertThat(Parser.parse(simplified.toString(), wide)).isSameAs(simplified);
  }

  @Test
  void shapesOverTheElementLimitAreRefusedWhereTheyAreBuilt() {
    Variable x = Variable.of("x", Shape.scalar());
    assertThatThrownBy(() -> Parser.parse("sum(pad(x, [2000000000], [0]))", x))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith(
            "shape [2000000000] has 2.000e+09 elements, more than the limit of 268435456 (2^28)"
                + " per tensor at column 5");
    assertThatThrownBy(() -> Parser.parse("sum(broadcast(x, 40000, 40000))", x))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("shape [40000×40000] has 1.600e+09 elements");
    Variable wide = Variable.of("wide", 1, 40_000);
    assertThatThrownBy(() -> Parser.parse("zeros(40000, 1) * wide", wide))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("more than the limit of 268435456");
  }

  @Test
  void nestingIsCappedInsteadOfOverflowingTheStack() {
    String deep = "(".repeat(100_000) + "u" + ")".repeat(100_000);
    assertThatThrownBy(() -> parse(deep))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("expression nested more than " + Parser.MAX_DEPTH + " levels deep");
    assertThatThrownBy(() -> parse("-".repeat(100_000) + "u")).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> parse("u" + "^u".repeat(100_000))).isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> parse("exp(".repeat(100_000) + "u"))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> parse("[".repeat(100_000))).isInstanceOf(ParseException.class);
  }

  @Test
  void nestingUpToTheCapParses() {
    int levels = Parser.MAX_DEPTH - 2;
    Expr e = parse("exp(".repeat(levels) + "u" + ")".repeat(levels));
    Expr expected = U;
    for (int i = 0; i < levels; i++) {
      expected = Exprs.exp(expected);
    }
    assertThat(e).isSameAs(expected);
  }

  @Test
  void longFlatSumsParseWithoutDeepRecursion() {
    Expr e = parse("u" + " + u".repeat(20_000));
    assertThat(e.shape()).isEqualTo(Shape.of(3));
  }

  @Test
  void longLinesAreEchoedAroundThePosition() {
    String text = "u + ".repeat(100) + "$" + " + u".repeat(100);
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(ParseException.class)
        .satisfies(
            e -> {
              List<String> lines = e.getMessage().lines().toList();
              assertThat(lines).hasSize(3);
              assertThat(lines.get(1)).startsWith("  …").endsWith("…").hasSizeLessThan(140);
              assertThat(lines.get(1).indexOf('$')).isEqualTo(lines.get(2).indexOf('^'));
            });
  }

  @Test
  void multiLineInputNamesTheLine() {
    assertThatThrownBy(() -> parse("u +\n  v $"))
        .isInstanceOf(ParseException.class)
        .hasMessage("unexpected character '$' at line 2, column 5\n    v $\n      ^");
  }

  @Test
  void exponentsWithTheUnicodeMinusSignReadBack() {
    // as the Unicode printer writes small elements of a tensor literal
    assertThat(Parser.parse("[−4.25E−13, 1E+2]").eval().toArray()).containsExactly(-4.25e-13, 100);
  }
}
