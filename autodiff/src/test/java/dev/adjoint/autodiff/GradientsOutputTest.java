package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.sin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Gradients#output()} is the loss exactly as written, and the simplified gradients use its
 * nodes, so a program computing both computes each forward node once.
 */
class GradientsOutputTest {
  private final Variable x = Variable.of("x");
  private final Variable a = Variable.of("a");
  private final Variable b = Variable.of("b");

  /** x ← sin(x)·a + b, 100 times: canonical order would write the products a·sin(x). */
  private Expr chain() {
    Expr e = x;
    for (int i = 0; i < 100; i++) {
      e = sin(e).times(a).plus(b);
    }
    return e;
  }

  @Test
  void theOutputIsTheLossAsWritten() {
    Expr loss = chain();

    assertThat(loss.gradient(x, a, b).output()).isSameAs(loss);
    assertThat(Gradients.raw(loss, x).output()).isSameAs(loss);
  }

  @Test
  void theGradientsUseTheForwardNodesAsWritten() {
    Expr loss = chain();
    Gradients g = loss.gradient(x, a, b);
    Set<Expr> forward = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Expr> canonicalForward = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Expr node : Graph.topologicalOrder(List.of(loss))) {
      if (!node.inputs().isEmpty()) {
        forward.add(node);
        canonicalForward.add(Simplifier.simplify(node));
      }
    }
    int used = 0;
    for (Expr node : Graph.topologicalOrder(g.list())) {
      if (forward.contains(node)) {
        used++;
      } else if (!node.inputs().isEmpty()) {
        // a node that computes a forward value again, in another form
        assertThat(canonicalForward)
            .as("%s recomputes a forward node", node)
            .doesNotContain(Simplifier.simplify(node));
      }
    }
    assertThat(used).as("forward nodes the gradients use").isGreaterThan(200);

    // measured: 900 nodes for the loss and its three gradients, the same as with raw backprop
    int together = Program.compile(outputs(loss, g)).size();
    assertThat(together)
        .isLessThanOrEqualTo(Program.compile(outputs(loss, Gradients.raw(loss, x, a, b))).size());
  }

  /**
   * The gradient of {@code min} compares each element with the minimum; pointing that comparison at
   * the forward node {@code log(exp(min(z)))}, equal to {@code min(z)} only up to rounding, would
   * find no minimum (fuzzer seed 5206: NaN instead of [0, 0.717]).
   */
  @Test
  void comparisonsInTheGradientKeepTheirOwnOperands() {
    Variable z = Variable.of("z", 2);
    Variable w = Variable.of("w");
    Expr loss = Exprs.log(Exprs.exp(Exprs.min(z))).times(w);
    Bindings at = Bindings.of("z", Tensor.vector(-0.002357, -0.073718), "w", Tensor.scalar(0.717));

    Tensor simplified = loss.gradient(z).of(z).eval(at);

    assertThat(simplified).isEqualTo(Gradients.raw(loss, z).of(z).eval(at));
    assertThat(simplified).isEqualTo(Tensor.vector(0, 0.717));
  }

  @Test
  void theOutputHasTheLossValue() {
    Expr loss = chain();
    Bindings at =
        Bindings.of("x", Tensor.scalar(0.3), "a", Tensor.scalar(0.9), "b", Tensor.scalar(-0.2));

    assertThat(loss.gradient(x).output().eval(at).item()).isEqualTo(loss.eval(at).item());
  }

  private static List<Expr> outputs(Expr loss, Gradients g) {
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    outputs.addAll(g.list());
    return outputs;
  }
}
