package dev.adjoint.autodiff;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Graph walks shared by backprop, evaluation and printing; iterative, so depth is unbounded.
 *
 * <p>Stateless and thread-safe (each walk keeps its own tables).
 */
public final class Graph {
  private Graph() {}

  /**
   * Every node reachable from {@code roots}, each after all of its inputs (a topological order), in
   * a deterministic order: inputs are visited left to right.
   */
  public static List<Expr> topologicalOrder(List<? extends Expr> roots) {
    return Collections.unmodifiableList(Arrays.asList(topologicalIndex(roots).toArray()));
  }

  /**
   * The nodes of {@link #topologicalOrder}, numbered in that order: the order and each node's
   * position in one compact table.
   */
  public static NodeIndex topologicalIndex(List<? extends Expr> roots) {
    NodeIndex done = new NodeIndex();
    // An explicit stack of (node, next operand to visit), as two growable arrays.
    Expr[] stack = new Expr[64];
    int[] next = new int[64];
    for (Expr root : roots) {
      if (done.contains(root)) {
        continue;
      }
      int top = 0;
      stack[0] = root;
      next[0] = 0;
      while (top >= 0) {
        Expr node = stack[top];
        int i = next[top];
        if (i < node.arity()) {
          next[top] = i + 1;
          Expr input = node.input(i);
          if (!done.contains(input)) {
            if (++top == stack.length) {
              stack = Arrays.copyOf(stack, top * 2);
              next = Arrays.copyOf(next, top * 2);
            }
            stack[top] = input;
            next[top] = 0;
          }
        } else {
          stack[top--] = null;
          done.add(node);
        }
      }
    }
    return done;
  }

  /** The number of distinct nodes reachable from {@code root}. */
  public static int size(Expr root) {
    return topologicalIndex(List.of(root)).size();
  }
}
