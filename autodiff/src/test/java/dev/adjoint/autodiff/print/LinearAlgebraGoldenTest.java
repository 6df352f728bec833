package dev.adjoint.autodiff.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matrix-calculus gradients as the textbooks (the Matrix Cookbook) print them; the plain form
 * parses back to the gradient itself.
 */
class LinearAlgebraGoldenTest {
  private static final Variable X = Variable.of("X", 3, 3);
  private static final Variable A = Variable.of("A", 2, 3);
  private static final Variable B = Variable.of("B", 3, 4);
  private static final Variable C = Variable.of("C", 3, 3);
  private static final List<Variable> VARS = List.of(X, A, B, C);

  private static Expr gradient(String loss) {
    return Parser.parse(loss, VARS).gradient(X).of(X);
  }

  private static void assertGradient(Expr gradient, String unicode, String latex) {
    assertThat(Printer.unicode().print(gradient)).isEqualTo(unicode);
    assertThat(Printer.latex().print(gradient)).isEqualTo(latex);
    assertThat(Parser.parse(gradient.toString(), VARS)).isSameAs(gradient);
  }

  @Test
  void logDeterminant() {
    assertGradient(gradient("logdet(X)"), "X⁻ᵀ", "X^{-\\top}");
  }

  @Test
  void determinant() {
    assertGradient(gradient("det(X)"), "det(X)·X⁻ᵀ", "\\det\\left(X\\right) \\cdot X^{-\\top}");
  }

  @Test
  void traceOfAProduct() {
    Variable a = Variable.of("A", 4, 3);
    Variable b = Variable.of("B", 3, 4);
    Expr g = Parser.parse("trace(A @ X @ B)", List.of(X, a, b)).gradient(X).of(X);
    // Aᵀ·Bᵀ, which the simplifier's product-of-transposes rule writes with one transpose
    assertThat(Printer.unicode().print(g)).isEqualTo("(B·A)ᵀ");
    assertThat(
            Printer.unicode()
                .print(Parser.parse("trace(X @ B @ A)", List.of(X, a, b)).gradient(X).of(X)))
        .isEqualTo("(B·A)ᵀ");
  }

  @Test
  void inverse() {
    assertGradient(
        gradient("sum(C * inv(X))"), "−X⁻ᵀ·C·X⁻ᵀ", "-X^{-\\top} \\cdot C \\cdot X^{-\\top}");
  }

  @Test
  void theFunctionsThemselves() {
    assertThat(Printer.unicode().print(Parser.parse("inv(X) @ X + eye(3)", VARS)))
        .isEqualTo("X⁻¹·X + I");
    assertThat(Printer.unicode().print(Parser.parse("trace(X) + det(X) + logdet(X)", VARS)))
        .isEqualTo("tr(X) + det(X) + log det(X)");
    assertThat(Printer.unicode().print(Parser.parse("inv(X')", VARS))).isEqualTo("X⁻ᵀ");
    assertThat(Printer.unicode().print(Parser.parse("inv(X)^2", VARS))).isEqualTo("(X⁻¹)²");
    assertThat(Printer.unicode().print(Parser.parse("inv(inv(X))", VARS))).isEqualTo("(X⁻¹)⁻¹");
    assertThat(Printer.unicode().print(Parser.parse("inv(X + C)", VARS))).isEqualTo("(X + C)⁻¹");
    assertThat(Printer.latex().print(Parser.parse("inv(X) + eye(3)", VARS)))
        .isEqualTo("X^{-1} + I");
    assertThat(Printer.plain().print(Parser.parse("inv(X) + eye(3)", VARS)))
        .isEqualTo("inv(X) + eye(3)");
  }

  @Test
  void aNegatedMatrixProductNeedsNoParenthesesInMath() {
    Expr e = Parser.parse("-(X @ C)", VARS);
    assertThat(Printer.unicode().print(e)).isEqualTo("−X·C");
    assertThat(Printer.plain().print(e)).isEqualTo("-(X @ C)");
    // elementwise products keep theirs, as before
    assertThat(Printer.unicode().print(Parser.parse("-(X * C)", VARS))).isEqualTo("−(X ⊙ C)");
  }
}
