package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A shape mismatch in each op family, and the binding errors: each throws a subclass of {@link
 * IllegalArgumentException} whose message names the op, the shapes and the expression.
 */
class ErrorMessagesTest {
  private static final Variable X = Variable.of("x", 2, 3);
  private static final Variable Y = Variable.of("y", 4);
  private static final Variable M = Variable.of("M", 4, 5);

  private static Arguments error(String family, ThrowingCallable call, String... parts) {
    return Arguments.of(family, call, parts);
  }

  static Stream<Arguments> shapeMismatches() {
    return Stream.of(
        error("elementwise add", () -> Exprs.add(X, Y), "+", "[2×3]", "[4]", "x + y"),
        error("elementwise sub", () -> X.minus(Y), "[2×3]", "[4]", "x - y"),
        error("elementwise mul", () -> Exprs.mul(X, Y), "[2×3]", "[4]", "x * y"),
        error("elementwise div", () -> Exprs.div(X, Y), "[2×3]", "[4]", "x / y"),
        error("elementwise pow", () -> Exprs.pow(X, Y), "[2×3]", "[4]", "x^y"),
        error("comparison", () -> Exprs.gt(X, Y), "gt", "[2×3]", "[4]", "gt(x, y)"),
        error("where", () -> Exprs.where(X, Y, X), "where", "[2×3]", "[4]", "where(x, y, x)"),
        error("matmul inner", () -> X.matmul(M), "matmul", "[2×3] · [4×5]", "x @ M"),
        error("matmul rank", () -> X.matmul(Variable.of("s")), "matmul", "[2×3] · []"),
        error("dot", () -> Exprs.dot(X, Y), "dot", "[2×3]", "[4]", "dot(x, y)"),
        error("reshape", () -> X.reshape(4, 2), "reshape", "[2×3]", "[4×2]", "reshape(x, 4, 2)"),
        error("broadcast", () -> Exprs.broadcastTo(X, 3, 3), "broadcast", "[2×3]", "[3×3]"),
        error("permute", () -> Exprs.permute(X, 0, 0), "transpose", "[0, 0]", "[2×3]"),
        error("sum axis", () -> Exprs.sum(X, 2), "sum", "axis 2", "[2×3]", "sum(x, 2)"),
        error("sum repeated axis", () -> Exprs.sum(X, 0, -2), "sum", "repeated", "sum(x, 0, -2)"),
        error("max axis", () -> Exprs.max(X, -3), "max", "axis -3", "[2×3]", "max(x, -3)"),
        error("logsumexp", () -> Exprs.logsumexp(X, 5), "logsumexp", "axis 5", "[2×3]"),
        error("softmax", () -> Exprs.softmax(X, 2), "softmax", "axis 2", "[2×3]", "softmax(x, 2)"),
        error("index", () -> Exprs.at(X, 2), "index", "2", "size 2", "x[2]"),
        error(
            "index rank",
            () -> Exprs.slice(X, Index.all(), Index.all(), Index.all()),
            "3 indices",
            "[2×3]"),
        error("concat", () -> Exprs.concat(0, X, Y), "concat", "[2×3]", "[4]", "concat(x, y, 0)"),
        error("concat axis", () -> Exprs.concat(2, X, X), "concat", "axis 2", "[2×3]"),
        error("concat axis, one operand", () -> Exprs.concat(5, X), "concat", "axis 5", "[2×3]"),
        error("pad", () -> Exprs.pad(X, Shape.of(3, 3), List.of()), "pad", "[3×3]", "pad(x"),
        error("sumTo", () -> Exprs.sumTo(X, Shape.of(3, 3)), "sumTo", "[3×3]", "[2×3]"),
        error("vjp", () -> Gradients.vjp(X, Y, X), "vjp", "[4]", "[2×3]"),
        error("non-scalar loss", () -> X.times(2.0).gradient(X), "scalar loss", "[2×3]", "2 * x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapeMismatches")
  void shapeMismatchNamesOpShapesAndExpression(
      String family, ThrowingCallable call, String[] parts) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(parts);
  }

  static Stream<Arguments> bindingErrors() {
    Expr e = Exprs.sin(X);
    return Stream.of(
        error(
            "unbound variable",
            () -> e.eval(Bindings.of("y", Tensor.zeros(4))),
            "no value for variable x",
            "[2×3]",
            "bound: []"),
        error(
            "wrong-shape binding",
            () -> e.eval(Bindings.of("x", Tensor.zeros(3, 2))),
            "variable x",
            "[2×3]",
            "[3×2]"),
        error(
            "workspace set of an unknown name",
            () -> Program.compile(e).newWorkspace().set("z", Tensor.zeros(1)),
            "no variable z",
            "[x]"),
        error(
            "workspace set from a short array",
            () -> Program.compile(e).newWorkspace().set(X, new double[4], 0),
            "x needs 6 values from offset 0",
            "4"),
        error(
            "one name, two shapes",
            () -> Program.compile(X.sum().plus(Variable.of("x", 3).sum())),
            "variable x appears with two shapes",
            "[2×3]",
            "[3]"),
        error(
            "scalar of a tensor output",
            () -> Program.compile(X).newWorkspace().set(X, new double[6], 0).execute().scalar(0),
            "output 0 has shape [2×3]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindingErrors")
  void bindingErrorsNameTheVariableAndShapes(String what, ThrowingCallable call, String[] parts) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(parts);
  }
}
