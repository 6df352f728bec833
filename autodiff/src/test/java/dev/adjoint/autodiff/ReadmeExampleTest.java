package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.print.Printer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's 30-second example, compiled and checked so the README stays true. */
class ReadmeExampleTest {

  @Test
  void thirtySecondExample() {
    // --- README example starts ---
    Variable W = Variable.of("W", 1, 3);
    Variable X = Variable.of("X", 3, 1);
    Variable y = Variable.of("y", 1, 1);
    Expr loss = sum(square(sigmoid(W.matmul(X)).minus(y)));

    Expr dW = loss.gradient(W).of(W); // the gradient is an expression too
    System.out.println(dW);

    Bindings at =
        Bindings.of(
            "W", Tensor.matrix(new double[][] {{0.1, 0.2, 0.3}}),
            "X", Tensor.matrix(new double[][] {{1}, {2}, {3}}),
            "y", Tensor.matrix(new double[][] {{1}}));
    Program program = Program.compile(loss, dW); // one pass computes both
    List<Tensor> values = program.run(at);
    System.out.println("L = " + values.get(0) + ", dL/dW = " + values.get(1));
    // --- README example ends ---

    assertThat(dW.toString())
        .isEqualTo("2 * (sigmoid(W @ X) * (1 - sigmoid(W @ X)) * (sigmoid(W @ X) - y) @ X')");
    assertThat(Printer.unicode().print(dW))
        .isEqualTo("2·σ(W·X) ⊙ (1 − σ(W·X)) ⊙ (σ(W·X) − y) · Xᵀ");
    double s = 1 / (1 + Math.exp(-1.4));
    double delta = 2 * (s - 1) * s * (1 - s);
    assertThat(values.get(0).item()).isCloseTo((s - 1) * (s - 1), within(1e-15));
    assertThat(values.get(1).toArray())
        .containsExactly(
            new double[] {delta * 1, delta * 2, delta * 3},
            org.assertj.core.data.Offset.offset(1e-15));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
