package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.autodiff.eval.Program;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * Nodes nobody references are collected: the hash-consing table (and every other static cache on
 * the way from building to evaluating) holds them weakly. Ten million nodes are built,
 * differentiated, compiled, evaluated and dropped in rounds; kept alive, they would need about a
 * gigabyte.
 *
 * <p>Runs in its own Surefire execution with {@code -Xmx256m} (autodiff/pom.xml), so that a leak
 * fails with {@code OutOfMemoryError}.
 */
class NodeCollectionTest {

  @Test
  void tenMillionNodesBuiltAndDroppedInRoundsFitInA256MegabyteHeap() {
    // Run by another execution (such as -Dtest=... in the default one), the heap is not the one
    // this test is about.
    assumeTrue(
        Runtime.getRuntime().maxMemory() <= 256L << 20,
        "runs only with -Xmx256m (its own Surefire execution)");
    int steps = 50_000; // 450,000 nodes per round with the gradient
    double[] expected = ScalarChainFixture.reference(steps);
    long nodes = 0;
    WeakReference<Expr> firstLoss = null;
    for (int round = 0; nodes < 10_000_000; round++) {
      // fresh variable names each round, so no node of an earlier round is reused
      ScalarChainFixture chain = ScalarChainFixture.build("r" + round + "_", steps);
      Program program = Program.compile(chain.outputs());
      double loss = program.run(chain.bindings()).get(0).item();
      assertThat(loss).as("round %s", round).isEqualTo(expected[0]);
      nodes += program.size();
      if (round == 0) {
        firstLoss = new WeakReference<>(chain.loss());
      }
    }
    for (int i = 0; i < 10 && firstLoss.get() != null; i++) {
      System.gc();
    }
    assertThat(firstLoss.get()).as("the first round's loss node, long dropped").isNull();
  }
}
