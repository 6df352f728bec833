package dev.adjoint.autodiff.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.ParseException;
import dev.adjoint.autodiff.parse.Parser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of docs/expressions.md, run, so the note shows real output. */
class ParsePrintExampleTest {

  @Test
  void parseDifferentiateAndPrintInThreeStyles() {
    Variable W = Variable.of("W", 1, 3);
    Variable X = Variable.of("X", 3, 100);
    Variable y = Variable.of("y", 1, 100);
    Expr loss = Parser.parse("sum((sigmoid(W @ X) - y)^2)", W, X, y);
    Expr same =
        Parser.parse(
            "sum((σ(W·X) − y)²)",
            Map.of("W", Shape.of(1, 3), "X", Shape.of(3, 100), "y", Shape.of(1, 100)));
    Expr dW = loss.gradient(W).of(W);

    assertThat(same).isSameAs(loss);
    assertThat(loss.toString()).isEqualTo("sum((sigmoid(W @ X) - y)^2)");
    assertThat(Printer.unicode().print(loss)).isEqualTo("sum((σ(W·X) − y)²)");
    assertThat(dW.toString())
        .isEqualTo("2 * (sigmoid(W @ X) * (1 - sigmoid(W @ X)) * (sigmoid(W @ X) - y) @ X')");
    assertThat(Printer.unicode().print(dW))
        .isEqualTo("2·σ(W·X) ⊙ (1 − σ(W·X)) ⊙ (σ(W·X) − y) · Xᵀ");
    assertThat(Printer.latex().print(dW))
        .isEqualTo(
            "2 \\cdot \\sigma\\left(W \\cdot X\\right) \\odot \\left(1 - \\sigma\\left(W \\cdot"
                + " X\\right)\\right) \\odot \\left(\\sigma\\left(W \\cdot X\\right) - y\\right)"
                + " \\cdot X^\\top");
    assertThat(Parser.parse(dW.toString(), W, X, y)).isSameAs(dW);
    String dot = DotExporter.export(loss, loss.gradient(W));
    assertThat(dot).contains("class=\"forward\"", "class=\"backward\"", "label=\"∂/∂W\"");
  }

  @Test
  void aTanhLayer() {
    Variable W = Variable.of("W", 3, 4);
    Variable b = Variable.of("b", 4);
    Variable X = Variable.of("X", 100, 3);
    Variable T = Variable.of("T", 100, 4);
    Expr loss = Parser.parse("sum((tanh(X @ W + b) - T)^2)", W, b, X, T);
    Gradients g = loss.gradient(W, b);

    assertThat(Printer.unicode().print(g.of(W)))
        .isEqualTo("2·Xᵀ·((a − T) ⊙ (1 − a²)) where a = tanh(X·W + b)");
    assertThat(Printer.unicode().print(g.of(b)))
        .isEqualTo("2·sum((a − T) ⊙ (1 − a²), 0) where a = tanh(X·W + b)");
  }

  @Test
  void errors() {
    Variable W = Variable.of("W", 1, 3);
    Variable X = Variable.of("X", 3, 100);
    assertThatThrownBy(() -> Parser.parse("sigmod(W @ X)", W, X))
        .isInstanceOf(ParseException.class)
        .hasMessage(
            "unknown function sigmod at column 1; did you mean sigmoid?\n"
                + "  sigmod(W @ X)\n"
                + "  ^");
    assertThatThrownBy(() -> Parser.parse("sigmoid(X @ W)", W, X))
        .isInstanceOf(ParseException.class)
        .hasMessage(
            "matmul: inner dimensions differ: [3×100] · [1×3] in X @ W at column 11\n"
                + "  sigmoid(X @ W)\n"
                + "            ^");
  }
}
