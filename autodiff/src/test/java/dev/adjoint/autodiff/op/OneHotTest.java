package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.oneHot;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.ParseException;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.autodiff.print.Printer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OneHotTest {
  private static final Variable Y = Variable.of("y", 4);

  @Test
  void eachLabelSelectsItsClassOnANewLastAxis() {
    Tensor value = oneHot(Y, 3).eval(Bindings.of("y", Tensor.vector(2, 0, 1, 2)));
    assertThat(value.shape()).isEqualTo(Shape.of(4, 3));
    assertThat(value.toArray()).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1);
  }

  @Test
  void aMatrixOfLabelsGivesARankThreeTensorInRowMajorOrder() {
    Variable labels = Variable.of("L", 2, 2);
    Tensor value =
        oneHot(labels, 2)
            .eval(Bindings.of("L", Tensor.of(Shape.of(2, 2), new double[] {1, 0, 0, 1})));
    assertThat(value.shape()).isEqualTo(Shape.of(2, 2, 2));
    assertThat(value.toArray()).containsExactly(0, 1, 1, 0, 1, 0, 0, 1);
  }

  @Test
  void aScalarLabelGivesAVector() {
    Variable label = Variable.of("l");
    Tensor value = oneHot(label, 4).eval(Bindings.of("l", Tensor.scalar(3)));
    assertThat(value.toArray()).containsExactly(0, 0, 0, 1);
  }

  @ParameterizedTest(name = "label {0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1.5; one_hot: labels[2] is 1.5, not a class index (an integer from 0 to 2)",
        "-1; one_hot: labels[2] is -1, not a class index (an integer from 0 to 2)",
        "3; one_hot: labels[2] is 3, not a class index (an integer from 0 to 2)",
        "NaN; one_hot: labels[2] is NaN, not a class index (an integer from 0 to 2)",
        "Infinity; one_hot: labels[2] is Infinity, not a class index (an integer from 0 to 2)"
      })
  void aBadLabelStopsEvaluationNamingTheOpTheValueAndItsPosition(double bad, String message) {
    Bindings at = Bindings.of("y", Tensor.vector(0, 2, bad, 1));
    assertThatThrownBy(() -> oneHot(Y, 3).eval(at))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void theBadLabelsPositionIsItsIndexInTheLabelsShape() {
    Variable labels = Variable.of("L", 2, 3);
    Tensor bad = Tensor.of(Shape.of(2, 3), new double[] {0, 1, 0, 1, 0, 7});
    assertThatThrownBy(() -> oneHot(labels, 2).eval(Bindings.of("L", bad)))
        .hasMessage("one_hot: labels[1, 2] is 7, not a class index (an integer from 0 to 1)");
    Variable label = Variable.of("l");
    assertThatThrownBy(() -> oneHot(label, 1).eval(Bindings.of("l", Tensor.scalar(1))))
        .hasMessage("one_hot: the label is 1, not a class index (0, the only class)");
  }

  @Test
  void constantBadLabelsAreRefusedWhenTheNodeIsBuilt() {
    assertThatThrownBy(() -> oneHot(constant(Tensor.vector(0, 5)), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("labels[1] is 5");
  }

  @Test
  void aNonPositiveNumberOfClassesIsRefused() {
    assertThatThrownBy(() -> oneHot(Y, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("one_hot: the number of classes must be at least 1, not 0");
  }

  @Test
  void noGradientFlowsToTheLabels() {
    Variable w = Variable.of("w", 4, 3);
    Expr loss = sum(mul(oneHot(Y, 3), w));
    Gradients g = Gradients.of(loss, Y, w);
    Bindings at =
        Bindings.of("y", Tensor.vector(2, 0, 1, 2))
            .with(w, Tensor.of(Shape.of(4, 3), new double[12]));
    assertThat(g.of(Y).eval(at).isAllZero()).isTrue();
    // ∂/∂w Σ onehot ⊙ w is the one-hot matrix itself
    assertThat(g.of(w).eval(at).toArray()).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1);
  }

  @Test
  void itParsesAndPrintsInEveryStyle() {
    Expr e = Parser.parse("one_hot(y, 3)", Y);
    assertThat(e).isSameAs(oneHot(Y, 3));
    assertThat(e.toString()).isEqualTo("one_hot(y, 3)");
    assertThat(Printer.unicode().print(e)).isEqualTo("one_hot(y, 3)");
    assertThat(Printer.latex().print(e)).isEqualTo("\\operatorname{one\\_hot}\\left(y, 3\\right)");
  }

  @Test
  void theParserAsksForTheNumberOfClasses() {
    assertThatThrownBy(() -> Parser.parse("one_hot(y)", Y))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(
            "one_hot takes 1 operand and a number of classes, but was given 1 arguments");
    assertThatThrownBy(() -> Parser.parse("one_hot(y, 0)", Y))
        .hasMessageContaining("one_hot: the number of classes must be at least 1, not 0");
  }
}
