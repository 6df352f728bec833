package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.sin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Gradients#output()} is the loss in the gradients' canonical form, so the two share nodes.
 */
class GradientsOutputTest {
  private final Variable x = Variable.of("x");
  private final Variable a = Variable.of("a");
  private final Variable b = Variable.of("b");

  /** x ← sin(x)·a + b, 100 times: canonical order writes the products a·sin(x). */
  private Expr chain() {
    Expr e = x;
    for (int i = 0; i < 100; i++) {
      e = sin(e).times(a).plus(b);
    }
    return e;
  }

  @Test
  void compilingTheOutputWithTheGradientsSharesTheForwardPass() {
    Expr loss = chain();
    Gradients g = loss.gradient(x, a, b);

    int withOriginal = Program.compile(outputs(loss, g)).size();
    int withOutput = Program.compile(outputs(g.output(), g)).size();

    assertThat(withOutput).isLessThan(withOriginal);
    assertThat(withOutput)
        .isLessThanOrEqualTo(Program.compile(outputs(loss, Gradients.raw(loss, x, a, b))).size());
  }

  @Test
  void theOutputHasTheLossValue() {
    Expr loss = chain();
    Bindings at =
        Bindings.of("x", Tensor.scalar(0.3), "a", Tensor.scalar(0.9), "b", Tensor.scalar(-0.2));

    assertThat(loss.gradient(x).output().eval(at).item())
        .isCloseTo(loss.eval(at).item(), within(1e-14));
    assertThat(Gradients.raw(loss, x).output()).isSameAs(loss);
  }

  private static List<Expr> outputs(Expr loss, Gradients g) {
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    outputs.addAll(g.list());
    return outputs;
  }
}
