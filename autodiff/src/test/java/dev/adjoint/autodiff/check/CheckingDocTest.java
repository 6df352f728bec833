package dev.adjoint.autodiff.check;

import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The examples of docs/checking.md, run, so the note shows real output. */
class CheckingDocTest {

  static GradientCheckReport neuronExample() {
    Variable w = Variable.of("W", 1, 3);
    Variable x = Variable.of("X", 3, 2);
    Variable y = Variable.of("y", 1, 2);
    Expr s = sigmoid(w.matmul(x));
    Expr loss = sum(square(s.minus(y)));
    // forgot the factor 2 of the square's derivative
    Expr hand = s.minus(y).times(s).times(s.negate().plus(1.0)).matmul(x.transpose());
    Bindings at =
        Bindings.of(
            "W", Tensor.matrix(new double[][] {{0.1, 0.2, 0.3}}),
            "X", Tensor.matrix(new double[][] {{1, 2}, {-1, 0.5}, {0.5, -2}}),
            "y", Tensor.matrix(new double[][] {{0, 1}}));
    return GradientCheck.of(loss).withRespectTo(w).withHandDerived(w, hand).at(at);
  }

  static GradientCheckReport kinkExample() {
    Variable x = Variable.of("x", 3);
    return GradientCheck.of(sum(relu(x))).at(Bindings.of("x", Tensor.vector(0.5, 0, -1)));
  }

  @Test
  void theNoteShowsTheRealReports() throws IOException {
    String doc = Files.readString(Path.of("../docs/checking.md"), StandardCharsets.UTF_8);
    assertThat(doc).contains(neuronExample().toString().strip());
    assertThat(doc).contains(kinkExample().toString().strip());
  }

  /** Prints the two reports, to paste into the note when the report format changes. */
  public static void main(String[] args) {
    System.out.println(neuronExample());
    System.out.println(kinkExample());
  }
}
