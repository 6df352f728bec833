package dev.adjoint.autodiff.fuzz;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the simplifier makes of an expression depends on that expression only: not on what ran
 * before in the JVM (the hash-consing table, caches, identity hashes, the order of earlier work).
 * The same expressions, simplified in a fresh JVM, in this one after unrelated work, and in reverse
 * order, print the same.
 *
 * <p>The expressions are the differential fuzzer's (every op, axes that can be confused) and the
 * cases where an order could show: a quotient rule that cancels ({@code x/x}), the scalar chain
 * whose gradients keep the loss's nodes, and comparisons, whose op was hashed by identity.
 */
class SimplificationDeterminismTest {
  private static final int CASES = 150;

  /** Every case printed: the expression simplified, then its gradients three ways. */
  static List<String> printAll(List<Integer> order) {
    List<String> lines = new ArrayList<>(Collections.nCopies(order.size(), ""));
    for (int i : order) {
      lines.set(i, print(i));
    }
    return lines;
  }

  static int count() {
    return CASES + 4;
  }

  private static String print(int i) {
    Expr e = expression(i);
    Expr loss = Exprs.sum(mul(e, Variable.of("w", e.shape())));
    Variable[] variables =
        Graph.topologicalOrder(List.of(e)).stream()
            .filter(Variable.class::isInstance)
            .map(Variable.class::cast)
            .sorted(Comparator.comparing(Variable::name))
            .toArray(Variable[]::new);
    StringBuilder s = new StringBuilder("case ").append(i).append(": ");
    s.append(Simplifier.simplify(e));
    if (variables.length > 0) {
      Gradients raw = Gradients.raw(loss, variables);
      s.append(" | ").append(Simplifier.standard().apply(raw.list()));
      s.append(" | ").append(Simplifier.standard().apply(raw.list(), loss));
      s.append(" | ").append(Gradients.of(loss, variables).list());
    }
    return s.toString();
  }

  private static Expr expression(int i) {
    Variable x = Variable.of("x");
    switch (i - CASES) {
      case 0:
        return div(x, x);
      case 1:
        {
          Variable a = Variable.of("a");
          Variable b = Variable.of("b");
          Expr chain = x;
          for (int k = 0; k < 5; k++) {
            chain = add(mul(sin(chain), a), b);
          }
          return chain;
        }
      case 2:
        {
          Variable y = Variable.of("y", dev.adjoint.autodiff.Shape.of(3));
          Expr deep = Exprs.sigmoid(Exprs.exp(Exprs.sin(y)));
          return add(mul(Exprs.gt(deep, Exprs.cos(y)), deep), mul(Exprs.lt(deep, Exprs.cos(y)), y));
        }
      case 3:
        {
          // two terms that differ only four levels down, where canonical order falls back on a
          // structural fingerprint of the comparison ops
          Variable y = Variable.of("y");
          return add(sin(sin(sin(sin(Exprs.gt(x, y))))), sin(sin(sin(sin(Exprs.lt(x, y))))));
        }
      default:
        return DifferentialTest.generate(1000 + i).expression();
    }
  }

  private static List<Integer> order(boolean reversed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count(); i++) {
      order.add(i);
    }
    if (reversed) {
      Collections.reverse(order);
    }
    return order;
  }

  /** Prints every case in a fresh JVM, in order, one per line. */
  public static void main(String[] args) {
    for (String line : printAll(order(false))) {
      System.out.println(line);
    }
  }

  @Test
  void theSameExpressionsPrintTheSameInAnyOrderAfterAnyWorkAndInAFreshJvm() throws Exception {
    List<String> first = printAll(order(false));
    // unrelated work: other expressions built, simplified and dropped, and a collection
    for (long seed = 5000; seed < 5100; seed++) {
      Simplifier.simplify(DifferentialTest.generate(seed).expression());
    }
    System.gc();
    List<String> reversed = printAll(order(true));
    assertThat(reversed).containsExactlyElementsOf(first);
    assertThat(fresh()).containsExactlyElementsOf(first);
  }

  /** The lines {@link #main} prints, run in a new JVM with this test's class path. */
  private static List<String> fresh() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SimplificationDeterminismTest.class.getName())
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the fresh JVM finished").isTrue();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    return text.lines().toList();
  }
}
