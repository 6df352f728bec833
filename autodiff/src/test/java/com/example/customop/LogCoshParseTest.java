package com.example.customop;

import static com.example.customop.LogCosh.logcosh;
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
class LogCoshParseTest {
  private final Variable x = Variable.of("x", 3);
  private final List<LogCosh> functions = List.of(new LogCosh());

  @Test
  void parsesACallToTheRegisteredOp() {
    Expr parsed = Parser.parse("sum(logcosh(2 * x))", List.of(x), functions);

    assertThat(parsed).isSameAs(sum(logcosh(x.times(2))));
  }

  @Test
  void itsGradientPrintsAndParsesBack() {
    Expr g = sum(logcosh(x)).gradient(x).of(x);
    String plain = PlainPrinter.print(g);

    assertThat(plain).contains("tanh(");
    assertThat(Simplifier.simplify(Parser.parse(plain, List.of(x), functions))).isSameAs(g);
    assertThat(Parser.parse("logcosh(x)", List.of(x), functions)).isSameAs(logcosh(x));
  }

  @Test
  void unregisteredItIsAnUnknownFunctionAndMisspelledItIsSuggested() {
    assertThatThrownBy(() -> Parser.parse("logcosh(x)", x))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("unknown function logcosh");
    assertThatThrownBy(() -> Parser.parse("logcos(x)", List.of(x), functions))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("did you mean logcosh?");
  }

  @Test
  void wrongArityIsAParseErrorAtTheCall() {
    assertThatThrownBy(() -> Parser.parse("logcosh(x, x)", List.of(x), functions))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("logcosh takes 1 operand");
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
