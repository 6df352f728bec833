package com.example.customop;

import static com.example.customop.Erf.erf;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Notation;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.parse.ParseException;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user-defined op is called from the expression language once it is registered with the parser.
 */
class ErfParseTest {
  private final Variable x = Variable.of("x", 3);
  private final List<Erf> functions = List.of(new Erf());

  @Test
  void parsesACallToTheRegisteredOp() {
    Expr parsed = Parser.parse("sum(erf(2 * x))", List.of(x), functions);

    assertThat(parsed).isSameAs(sum(erf(x.times(2))));
  }

  @Test
  void itsGradientPrintsAndParsesBack() {
    Expr g = sum(erf(x)).gradient(x).of(x);
    String plain = PlainPrinter.print(g);

    assertThat(plain).contains("exp(");
    assertThat(Simplifier.simplify(Parser.parse(plain, List.of(x), functions))).isSameAs(g);
    assertThat(Parser.parse("erf(x)", List.of(x), functions)).isSameAs(erf(x));
  }

  @Test
  void unregisteredItIsAnUnknownFunctionAndMisspelledItIsSuggested() {
    assertThatThrownBy(() -> Parser.parse("erf(x)", x))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("unknown function erf");
    assertThatThrownBy(() -> Parser.parse("erff(x)", List.of(x), functions))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("did you mean erf?");
  }

  @Test
  void wrongArityIsAParseErrorAtTheCall() {
    assertThatThrownBy(() -> Parser.parse("erf(x, x)", List.of(x), functions))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("erf takes 1 operand");
  }

  @Test
  void aNameThatIsTakenIsRefused() {
    Op clash =
        new ElementwiseFunction(Notation.function("sigmoid")) {
          @Override
          protected Expr derivative(Expr g, Expr out, Expr x) {
            return g;
          }

          @Override
          public double apply(double v) {
            return v;
          }
        };
    assertThatThrownBy(() -> Parser.parse("x", List.of(x), List.of(clash)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sigmoid is taken");
  }
}
