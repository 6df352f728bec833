package dev.adjoint.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Graph walks shared by backprop, evaluation and printing; iterative, so depth is unbounded. */
public final class Graph {
  private Graph() {}

  /**
   * Every node reachable from {@code roots}, each after all of its inputs (a topological order), in
   * a deterministic order: inputs are visited left to right.
   */
  public static List<Expr> topologicalOrder(List<? extends Expr> roots) {
    List<Expr> order = new ArrayList<>();
    Set<Expr> done = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Expr> stack = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    for (Expr root : roots) {
      if (done.contains(root)) {
        continue;
      }
      stack.push(root);
      next.push(0);
      while (!stack.isEmpty()) {
        Expr node = stack.peek();
        int i = next.pop();
        if (i < node.inputs().size()) {
          next.push(i + 1);
          Expr input = node.input(i);
          if (!done.contains(input)) {
            stack.push(input);
            next.push(0);
          }
        } else {
          stack.pop();
          if (done.add(node)) {
            order.add(node);
          }
        }
      }
    }
    return order;
  }

  /** The number of distinct nodes reachable from {@code root}. */
  public static int size(Expr root) {
    return topologicalOrder(List.of(root)).size();
  }

  /** For each node of {@code order}, how many nodes of {@code order} use it as an input. */
  static Map<Expr, Integer> useCounts(List<Expr> order) {
    Map<Expr, Integer> uses = new IdentityHashMap<>();
    for (Expr node : order) {
      for (Expr input : node.inputs()) {
        uses.merge(input, 1, Integer::sum);
      }
    }
    return uses;
  }
}
