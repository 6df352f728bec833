package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which nodes of a schedule run as one fused loop ({@link FusedLoops}).
 *
 * <p>A fused loop has a root, a node whose value is stored (or a {@code sum} of every element,
 * which becomes the loop's accumulator), and members: elementwise ops ({@link ElementwiseFunction},
 * {@link ElementwiseBinary}) and pads of unit step whose value has exactly one reader, a member of
 * the same loop that reads it directly with the same index space (no broadcast of a member).
 * Members get no buffer. What a loop reads are leaves: any other node, read through the views
 * between it and the member ({@code slice}, {@code transpose}, {@code broadcast_to}, {@code
 * reshape} of a stored value) as strided access, so a view read only by fused loops is never
 * gathered.
 *
 * <p>A loop is formed when it saves something: at least two ops, or a view or pad folded in; and
 * only when it runs over at least {@code minSize} elements, since each distinct loop costs a
 * run-time compilation (milliseconds) that small tensors do not repay. A loop holds at most {@link
 * #MAX_OPS} ops, which bounds the generated code and the depth of every walk over it.
 *
 * <p>Stateless; not instantiable.
 */
final class Fusion {
  /** The most ops in one loop; a longer chain is split into several loops. */
  static final int MAX_OPS = 48;

  private Fusion() {}

  /**
   * The fused loops of a schedule.
   *
   * @param nodes the schedule
   * @param position the schedule position of each node
   * @param operandStart node i reads {@code operandPositions[operandStart[i] .. operandStart[i +
   *     1])}
   * @param operandPositions the positions read, after lowering and reshape views
   * @param live which nodes are computed
   * @param pinned which nodes are outputs
   * @param minSize the fewest elements a loop runs over
   */
  static List<FusedLoops.Loop> plan(
      Expr[] nodes,
      NodeIndex position,
      int[] operandStart,
      int[] operandPositions,
      boolean[] live,
      boolean[] pinned,
      int[] storageOf,
      int minSize) {
    int n = nodes.length;
    int[] edges = new int[n];
    int[] readerOf = new int[n];
    for (int i = 0; i < n; i++) {
      if (live[i]) {
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          edges[operandPositions[j]]++;
          readerOf[operandPositions[j]] = i;
        }
      }
    }
    // Readers come after their operands, so one backward sweep assigns each node to the loop of
    // its single reader, or makes it a root.
    int[] loopOf = new int[n];
    int[] opCount = new int[n];
    java.util.Arrays.fill(loopOf, -1);
    List<Integer> roots = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      Expr e = nodes[i];
      if (!live[i] || e.arity() == 0) {
        continue;
      }
      if (isMember(e) && !pinned[i] && edges[i] == 1) {
        int reader = readerOf[i];
        int root = loopOf[reader];
        if (root >= 0 && opCount[root] < MAX_OPS && readsDirectly(nodes[reader], e)) {
          loopOf[i] = root;
          opCount[root]++;
          continue;
        }
      }
      if (isMember(e) || isFullSum(e)) {
        loopOf[i] = i;
        opCount[i] = 1;
        roots.add(i);
      }
    }
    List<FusedLoops.Loop> loops = new ArrayList<>();
    for (int root : roots) {
      Expr r = nodes[root];
      Expr top = r.op() instanceof Sum ? r.input(0) : r;
      if (top.shape().size() < minSize) {
        continue;
      }
      boolean folds = r.op() instanceof Pad || opCount[root] >= 2;
      if (!folds) {
        for (Expr input : top.inputs()) {
          folds |= isView(input);
        }
      }
      if (r.op() instanceof Sum && opCount[root] < 2) {
        folds = false; // a sum of a stored value: the sum's own kernel
      }
      if (!folds) {
        continue;
      }
      FusedLoops.Loop loop = FusedLoops.compile(nodes, position, loopOf, storageOf, root);
      if (loop != null) {
        loops.add(loop);
      }
    }
    return loops;
  }

  /** An op a loop can compute per element. */
  static boolean isMember(Expr e) {
    if (e.op() instanceof ElementwiseFunction) {
      return e.arity() == 1;
    }
    if (e.op() instanceof ElementwiseBinary) {
      return e.arity() == 2;
    }
    if (e.op() instanceof Pad p) {
      for (Slice.Range r : p.ranges()) {
        if (Math.abs(r.step()) != 1) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** A sum of every element into one number: an accumulator, in the sum kernel's order. */
  static boolean isFullSum(Expr e) {
    return e.op() instanceof Sum && e.shape().size() == 1 && isMember(e.input(0));
  }

  /** Whether {@code reader} reads {@code e} as one of its inputs without broadcasting it. */
  private static boolean readsDirectly(Expr reader, Expr e) {
    if (reader.op() instanceof ElementwiseBinary) {
      return (reader.input(0) == e || reader.input(1) == e) && e.shape().equals(reader.shape());
    }
    return reader.arity() == 1 && reader.input(0) == e;
  }

  static boolean isView(Expr e) {
    return e.op() instanceof Slice
        || e.op() instanceof Transpose
        || e.op() instanceof BroadcastTo
        || e.op() instanceof Reshape;
  }
}
