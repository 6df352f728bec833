package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.parse.Parser;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public Java API against misuse: nulls, ragged arrays, bad axes, mismatched shapes, bad
 * indices, unbound variables. Each call must fail with an exception that names the problem: never a
 * {@link NullPointerException}, {@link IndexOutOfBoundsException}, {@link ClassCastException},
 * {@link StackOverflowError} or {@link OutOfMemoryError} from inside the library.
 */
class PublicApiRobustnessTest {
  private static final Variable A = Variable.of("A", 3, 3);
  private static final Variable U = Variable.of("u", 3);
  private static final Variable V = Variable.of("v", 4);
  private static final Variable T = Variable.of("T", 2, 2, 2);

  /** A misuse and its name. */
  record Misuse(String name, ThrowingCallable call) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Misuse m(String name, ThrowingCallable call) {
    return new Misuse(name, call);
  }

  static Stream<Misuse> misuses() {
    return Stream.of(
        // nulls
        m("Shape.of(null)", () -> Shape.of((int[]) null)),
        m("Tensor.vector(null)", () -> Tensor.vector((double[]) null)),
        m("Tensor.matrix(null)", () -> Tensor.matrix(null)),
        m("Tensor.matrix with a null row", () -> Tensor.matrix(new double[][] {{1, 2}, null})),
        m("Tensor.of(null shape)", () -> Tensor.of(null, 1, 2)),
        m("Tensor.of(shape, null)", () -> Tensor.of(Shape.of(2), (double[]) null)),
        m("Tensor.wrap(shape, null)", () -> Tensor.wrap(Shape.of(2), null)),
        m("Variable.of(null name)", () -> Variable.of(null, Shape.of(2))),
        m("Variable.of(name, null shape)", () -> Variable.of("x", (Shape) null)),
        m("Constant.of(null)", () -> Constant.of((Tensor) null)),
        m("Bindings.of(null name)", () -> Bindings.of(null, Tensor.scalar(1))),
        m("Bindings.of(name, null)", () -> Bindings.of("x", null)),
        m("Bindings.copyOf(null)", () -> Bindings.copyOf(null)),
        m("Exprs.add(null, u)", () -> Exprs.add(null, U)),
        m("Exprs.matmul(A, null)", () -> Exprs.matmul(A, null)),
        m("Exprs.sigmoid(null)", () -> Exprs.sigmoid(null)),
        m("Exprs.sum(null)", () -> Exprs.sum((Expr) null)),
        m("Exprs.concat with a null part", () -> Exprs.concat(0, U, null)),
        m("Exprs.slice(u, null)", () -> Exprs.slice(U, (Index[]) null)),
        m("Parser.parse(null)", () -> Parser.parse(null, U)),
        m("Parser.parse(text, null)", () -> Parser.parse("u", (Map<String, Shape>) null)),
        m("gradient wrt null", () -> Exprs.sum(U).gradient((Variable) null)),
        m("Program.compile(null)", () -> Program.compile((Expr) null)),
        m("Program.compile(list with null)", () -> Program.compile(Arrays.asList(U, null))),
        m("eval(null bindings)", () -> Exprs.sum(U).eval(null)),
        // ragged and malformed arrays
        m("Tensor.matrix ragged", () -> Tensor.matrix(new double[][] {{1, 2}, {3}})),
        m("Tensor.of too few values", () -> Tensor.of(Shape.of(2, 2), 1, 2, 3)),
        m("Tensor.wrap too many values", () -> Tensor.wrap(Shape.of(2), new double[3])),
        m("Shape.of negative", () -> Shape.of(2, -1)),
        m("Shape.of rank 9", () -> Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1)),
        m("Shape over the element limit", () -> Shape.of(1 << 15, 1 << 15)),
        // bad axes
        m("sum over axis 2 of a matrix", () -> Exprs.sum(A, 2)),
        m("sum over axis -3 of a matrix", () -> Exprs.sum(A, -3)),
        m("sum over a repeated axis", () -> Exprs.sum(T, 0, 0)),
        m("softmax over axis 5", () -> Exprs.softmax(A, 5)),
        m("logsumexp over axis -4", () -> Exprs.logsumexp(T, -4)),
        m("concat along axis 3", () -> Exprs.concat(3, A, A)),
        m("permute with a repeated axis", () -> Exprs.permute(T, 0, 0, 1)),
        m("permute with too few axes", () -> Exprs.permute(T, 0, 1)),
        m("Shape.dim(7)", () -> A.shape().dim(7)),
        m("Tensor.get out of bounds", () -> Tensor.zeros(3, 3).get(3, 0)),
        m("Tensor.get with too few indices", () -> Tensor.zeros(3, 3).get(1)),
        m("Tensor.getFlat(-1)", () -> Tensor.zeros(3).getFlat(-1)),
        m("Tensor.item of a vector", () -> Tensor.zeros(3).item()),
        // mismatched shapes
        m("u + v", () -> Exprs.add(U, V)),
        m("A @ v", () -> Exprs.matmul(A, V)),
        m("dot(u, v)", () -> Exprs.dot(U, V)),
        m("where with unbroadcastable shapes", () -> Exprs.where(U, V, U)),
        m("concat of mismatched shapes", () -> Exprs.concat(0, A, T)),
        m("reshape to another size", () -> Exprs.reshape(A, 4, 2)),
        m("broadcastTo a smaller shape", () -> Exprs.broadcastTo(A, 3)),
        m("slice out of range", () -> Exprs.slice(U, Index.at(3))),
        m("slice with too many indices", () -> Exprs.slice(U, Index.at(0), Index.at(0))),
        m("gradient of a non-scalar", () -> A.gradient(A)),
        m(
            "hessian over the element limit",
            () -> Gradients.hessian(Exprs.sum(Variable.of("w", 20_000)), Variable.of("w", 20_000))),
        // values that do not fit the graph
        m("eval without a binding", () -> Exprs.sum(U).eval(Bindings.of())),
        m("eval with a wrong shape", () -> Exprs.sum(U).eval(Bindings.of("u", Tensor.zeros(4)))),
        m(
            "Workspace.set unknown name",
            () -> Program.compile(Exprs.sum(U)).newWorkspace().set("nope", Tensor.zeros(3))),
        m(
            "Workspace.set wrong shape",
            () -> Program.compile(Exprs.sum(U)).newWorkspace().set("u", Tensor.zeros(2, 2))),
        m(
            "Workspace.set offset past the end",
            () -> Program.compile(Exprs.sum(U)).newWorkspace().set(U, new double[3], 1)),
        m(
            "Workspace.output(5)",
            () ->
                Program.compile(Exprs.sum(U))
                    .newWorkspace()
                    .set("u", Tensor.zeros(3))
                    .execute()
                    .output(5)),
        m(
            "two variables u of different shapes",
            () -> Parser.parse("u + u", List.of(U, Variable.of("u", 4)), List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misuses")
  void misuseIsAnsweredWithAnExceptionThatNamesTheProblem(Misuse misuse) {
    Throwable thrown = catchThrowable(misuse.call());

    assertThat(thrown).as(misuse.name() + " must be refused").isNotNull();
    if (thrown instanceof NullPointerException) {
      assertThat(thrown.getMessage())
          .as(misuse.name() + ": a null must be named at the boundary")
          .isNotNull()
          .doesNotStartWith("Cannot ");
    }
    assertThat(thrown)
        .as(misuse.name())
        .isNotInstanceOfAny(
            ArrayIndexOutOfBoundsException.class,
            StringIndexOutOfBoundsException.class,
            ClassCastException.class,
            StackOverflowError.class,
            OutOfMemoryError.class,
            ArithmeticException.class,
            NegativeArraySizeException.class);
    assertThat(thrown.getMessage()).as(misuse.name() + ": " + thrown).isNotBlank();
  }
}
