package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIndexTest {

  /** Against an IdentityHashMap, through several rehashes, with repeats and absent nodes. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void positionsAgreeWithAnIdentityMap(long seed) {
    List<Expr> nodes = RandomGraph.build("ni" + seed, seed, 5_000);
    Random r = new Random(seed);
    NodeIndex index = new NodeIndex(r.nextInt(3)); // tiny, so it grows many times
    Map<Expr, Integer> reference = new IdentityHashMap<>();
    List<Expr> order = new ArrayList<>();
    for (Expr e : nodes) {
      if (r.nextInt(4) == 0) {
        continue; // left out: must stay absent
      }
      int expected = reference.computeIfAbsent(e, k -> order.size());
      if (expected == order.size()) {
        order.add(e);
      }
      assertThat(index.add(e)).as("seed %s, node %s", seed, e).isEqualTo(expected);
    }
    assertThat(index.size()).isEqualTo(order.size());
    assertThat(index.nodes()).containsExactlyElementsOf(order);
    assertThat(index.toArray()).containsExactlyElementsOf(order);
    for (Expr e : nodes) {
      int expected = reference.getOrDefault(e, -1);
      assertThat(index.indexOf(e)).as("seed %s, node %s", seed, e).isEqualTo(expected);
      assertThat(index.contains(e)).isEqualTo(expected >= 0);
      if (expected >= 0) {
        assertThat(index.get(expected)).isSameAs(e);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1})
  void positionsOutsideTheIndexAreRejected(int beyond) {
    NodeIndex index = NodeIndex.of(List.of(Variable.of("p"), Variable.of("q")));
    int position = beyond < 0 ? -1 : 2;
    assertThatThrownBy(() -> index.get(position))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("position " + position + " of 2 nodes");
  }
}
