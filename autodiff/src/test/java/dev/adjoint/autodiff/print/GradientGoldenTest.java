package dev.adjoint.autodiff.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gradients of the flagship losses as people read them: each golden was checked by eye to be as
 * short as a hand derivation. The values are checked elsewhere (simplify's flagship tests, the
 * mission test); here the plain form must also parse back to the gradient itself.
 */
class GradientGoldenTest {

  private static void assertGradient(
      Expr gradient, List<Variable> variables, String unicode, String latex) {
    assertThat(Printer.unicode().print(gradient)).isEqualTo(unicode);
    assertThat(Printer.latex().print(gradient)).isEqualTo(latex);
    assertThat(Parser.parse(gradient.toString(), variables)).isSameAs(gradient);
  }

  @Test
  void theMissionsNeuron() {
    Variable W = Variable.of("W", 1, 3);
    Variable X = Variable.of("X", 3, 100);
    Variable y = Variable.of("y", 1, 100);
    List<Variable> vars = List.of(W, X, y);
    Expr loss = Parser.parse("sum((σ(W·X) − y)²)", vars);

    assertGradient(
        loss.gradient(W).of(W),
        vars,
        "2·σ(W·X) ⊙ (1 − σ(W·X)) ⊙ (σ(W·X) − y) · Xᵀ",
        "2 \\cdot \\sigma\\left(W \\cdot X\\right) \\odot \\left(1 - \\sigma\\left(W \\cdot"
            + " X\\right)\\right) \\odot \\left(\\sigma\\left(W \\cdot X\\right) - y\\right)"
            + " \\cdot X^\\top");
  }

  @Test
  void linearLeastSquares() {
    Variable w = Variable.of("w", 3);
    Variable X = Variable.of("X", 100, 3);
    Variable y = Variable.of("y", 100);
    List<Variable> vars = List.of(w, X, y);
    Expr loss = Parser.parse("sum((X @ w - y)^2)", vars);

    assertGradient(
        loss.gradient(w).of(w),
        vars,
        "2·Xᵀ·(X·w − y)",
        "2 \\cdot X^\\top \\cdot \\left(X \\cdot w - y\\right)");
  }

  @Test
  void logisticRegression() {
    Variable w = Variable.of("w", 3);
    Variable X = Variable.of("X", 100, 3);
    Variable y = Variable.of("y", 100);
    List<Variable> vars = List.of(w, X, y);
    Expr loss = Parser.parse("sum(softplus(X @ w) - y * (X @ w))", vars);

    assertGradient(
        loss.gradient(w).of(w),
        vars,
        "Xᵀ·(σ(X·w) − y)",
        "X^\\top \\cdot \\left(\\sigma\\left(X \\cdot w\\right) - y\\right)");
  }

  @Test
  void softmaxCrossEntropy() {
    Variable W = Variable.of("W", 3, 4);
    Variable X = Variable.of("X", 100, 3);
    Variable Y = Variable.of("Y", 100, 4);
    List<Variable> vars = List.of(W, X, Y);
    Expr loss = Parser.parse("sum(logsumexp(X @ W, 1)) - sum(Y * (X @ W))", vars);

    assertGradient(
        loss.gradient(W).of(W),
        vars,
        "Xᵀ·(softmax(X·W, 1) − Y)",
        "X^\\top \\cdot \\left(\\operatorname{softmax}\\left(X \\cdot W, 1\\right) - Y\\right)");
  }

  @Test
  void softmaxCrossEntropyThroughLogSoftmaxKeepsTheRowSumsOfY() {
    Variable W = Variable.of("W", 3, 4);
    Variable X = Variable.of("X", 100, 3);
    Variable Y = Variable.of("Y", 100, 4);
    List<Variable> vars = List.of(W, X, Y);
    Expr loss = Parser.parse("-sum(Y * log_softmax(X @ W, 1))", vars);

    // Y's rows need not sum to one, so the factor stays; the broadcast is implicit in ⊙
    assertGradient(
        loss.gradient(W).of(W),
        vars,
        "Xᵀ·(softmax(X·W, 1) ⊙ reshape(sum(Y, 1), 100, 1) − Y)",
        "X^\\top \\cdot \\left(\\operatorname{softmax}\\left(X \\cdot W, 1\\right) \\odot"
            + " \\operatorname{reshape}\\left(\\sum\\left(Y, 1\\right), 100, 1\\right) - Y\\right)");
  }

  @Test
  void aTanhLayer() {
    Variable W = Variable.of("W", 3, 4);
    Variable b = Variable.of("b", 4);
    Variable X = Variable.of("X", 100, 3);
    Variable T = Variable.of("T", 100, 4);
    List<Variable> vars = List.of(W, b, X, T);
    Expr loss = Parser.parse("sum((tanh(X @ W + b) - T)^2)", vars);
    var gradients = loss.gradient(W, b);

    assertGradient(
        gradients.of(W),
        vars,
        "2·Xᵀ·((a − T) ⊙ (1 − a²)) where a = tanh(X·W + b)",
        "2 \\cdot X^\\top \\cdot \\left(\\left(a - T\\right) \\odot \\left(1 - a^{2}\\right)\\right)"
            + " \\quad\\text{where } a = \\operatorname{tanh}\\left(X \\cdot W + b\\right)");
    assertGradient(
        gradients.of(b),
        vars,
        "2·sum((a − T) ⊙ (1 − a²), 0) where a = tanh(X·W + b)",
        "2 \\cdot \\sum\\left(\\left(a - T\\right) \\odot \\left(1 - a^{2}\\right), 0\\right)"
            + " \\quad\\text{where } a = \\operatorname{tanh}\\left(X \\cdot W + b\\right)");
  }
}
