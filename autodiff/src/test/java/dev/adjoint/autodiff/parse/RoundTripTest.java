package dev.adjoint.autodiff.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.print.PlainPrinter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code parse(plain(e))} is {@code e} itself, for random expressions over every op. */
class RoundTripTest {

  static LongStream seeds() {
    return LongStream.range(0, 400);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void parsingThePlainFormGivesBackTheSameNode(long seed) {
    Expr e = new RandomExpressions(seed).next(14);
    String text = PlainPrinter.print(e);

    Expr parsed = Parser.parse(text, RandomExpressions.VARIABLES);

    assertThat(parsed).as(text).isSameAs(e);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void gradientsRoundTripToo(long seed) {
    Expr e = new RandomExpressions(seed + 10_000).next(8);
    Expr loss = dev.adjoint.autodiff.Exprs.sum(e);
    List<Variable> used =
        RandomExpressions.VARIABLES.stream()
            .filter(v -> Graph.topologicalOrder(List.of(loss)).contains(v))
            .toList();
    if (used.isEmpty()) {
      return;
    }
    for (Expr g : loss.gradient(used.toArray(new Variable[0])).list()) {
      String text = PlainPrinter.print(g);
      assertThat(Parser.parse(text, RandomExpressions.VARIABLES)).as(text).isSameAs(g);
    }
  }

  @Test
  void theGeneratorCoversEveryOpOfTheLanguage() {
    Set<String> seen = new HashSet<>();
    IntStream.range(0, 400)
        .forEach(
            seed -> {
              Expr e = new RandomExpressions(seed).next(14);
              for (Expr node : Graph.topologicalOrder(List.of(e))) {
                Op op = node.op();
                seen.add(op.getClass().getSimpleName() + (op.name().equals("'") ? "'" : ""));
                if (op instanceof dev.adjoint.autodiff.op.Comparison c) {
                  seen.add(c.kind().functionName());
                }
              }
            });
    assertThat(seen)
        .contains(
            "Add",
            "Sub",
            "Mul",
            "Div",
            "Pow",
            "Neg",
            "MatMul",
            "Exp",
            "Log",
            "Log1p",
            "Sqrt",
            "Square",
            "Abs",
            "Sign",
            "Sin",
            "Cos",
            "Tanh",
            "Sigmoid",
            "Relu",
            "Softplus",
            "StopGradient",
            "Transpose'",
            "Transpose",
            "Reshape",
            "BroadcastTo",
            "Slice",
            "Pad",
            "Concat",
            "Sum",
            "Mean",
            "Max",
            "Min",
            "LogSumExp",
            "Softmax",
            "LogSoftmax",
            "Prod",
            "CumSum",
            "Gather",
            "IndexSelect",
            "ScatterAdd",
            "Where",
            "gt",
            "ge",
            "lt",
            "le",
            "eq",
            "ConstantOp",
            "VariableOp");
  }
}
