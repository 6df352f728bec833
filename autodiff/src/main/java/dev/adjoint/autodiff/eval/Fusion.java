package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Concat;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Transpose;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Decides which nodes of a schedule run as one fused loop ({@link FusedLoops}).
 *
 * <p>A fused loop has a root, a node whose value is stored (or a {@code sum} of every element,
 * which becomes the loop's accumulator), and members: elementwise ops ({@link ElementwiseFunction},
 * {@link ElementwiseBinary}), pads of unit step and concatenations (read piecewise: each range of
 * the joined axis is one operand at a shifted index) whose value has exactly one reader, a member
 * of the same loop that reads it directly (no broadcast of a member). Members get no buffer. What a
 * loop reads are leaves: any other node, read through the views between it and the member ({@code
 * slice}, {@code transpose}, {@code broadcast_to}, {@code reshape} of a stored value) as strided
 * access, so a view read only by fused loops is never gathered. A cheap op ({@link #isCheap}) whose
 * every reader is in a loop, directly or through slices and transposes, is recomputed there instead
 * of stored.
 *
 * <p>A loop is formed when it saves something: at least two ops, or a view or pad folded in; and
 * only when it runs over at least {@code minSize} elements, since each distinct loop costs a
 * run-time compilation (milliseconds) that small tensors do not repay. A loop holds at most {@link
 * #MAX_OPS} ops, which bounds the generated code and the depth of every walk over it. Loops over
 * the same indices that read a common buffer share one pass ({@link #MAX_SHARED} at most).
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
    if (!anyLiveNodeHas(minSize, nodes, live)) {
      return List.of();
    }
    int n = nodes.length;
    int[] edges = new int[n];
    for (int i = 0; i < n; i++) {
      if (live[i]) {
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          edges[operandPositions[j]]++;
        }
      }
    }
    // Readers of each node, as one array (readerStart like operandStart).
    int[] readerStart = new int[n + 1];
    for (int i = 0; i < n; i++) {
      readerStart[i + 1] = readerStart[i] + edges[i];
    }
    int[] readers = new int[readerStart[n]];
    int[] fill = readerStart.clone();
    for (int i = 0; i < n; i++) {
      if (live[i]) {
        for (int j = operandStart[i]; j < operandStart[i + 1]; j++) {
          readers[fill[operandPositions[j]]++] = i;
        }
      }
    }
    boolean[] noRemat = new boolean[n];
    while (true) {
      Sweep sweep = new Sweep(nodes, live, pinned, edges, readerStart, readers, noRemat);
      boolean[] formed = new boolean[n];
      for (int root : sweep.roots) {
        formed[root] = forms(nodes, sweep, root, minSize);
      }
      // A recomputed node must be recomputed by every reader, so each reader's loop must form.
      boolean violated = false;
      for (int i = 0; i < n; i++) {
        if (sweep.loopOf[i] == REMAT) {
          for (int loop : sweep.loopsReading(i, readerStart, readers)) {
            if (!formed[loop]) {
              noRemat[i] = true;
              violated = true;
            }
          }
        }
      }
      if (violated) {
        continue; // readers that were recomputed themselves are rechecked on the next sweep
      }
      List<FusedLoops.Written> written = new ArrayList<>();
      boolean failed = false;
      for (int root : sweep.roots) {
        if (formed[root]) {
          FusedLoops.Written loop =
              FusedLoops.write(nodes, position, sweep.loopOf, storageOf, root);
          if (loop != null) {
            written.add(loop);
          } else {
            failed |= sweep.hasRemat[root];
          }
        }
      }
      // Compiled after grouping, so that loops sharing a pass are compiled once, together.
      List<FusedLoops.Loop> loops = new ArrayList<>();
      List<List<FusedLoops.Written>> groups =
          failed ? List.of() : groups(written, nodes, readerStart, readers);
      for (List<FusedLoops.Written> group : groups) {
        List<FusedLoops.Loop> shared =
            group.size() == 1
                ? null
                : FusedLoops.compileShared(nodes, position, sweep.loopOf, storageOf, group);
        if (shared != null) {
          loops.addAll(shared);
          continue;
        }
        for (FusedLoops.Written loop : group) {
          FusedLoops.Loop compiled = FusedLoops.compile(loop);
          if (compiled != null) {
            loops.add(compiled);
          } else {
            failed |= sweep.hasRemat[loop.root()];
          }
        }
      }
      if (!failed) {
        return loops;
      }
      // A loop that reads a recomputed node did not compile: plan again without recomputation, so
      // that every node is computed by a loop or its own kernel.
      Arrays.fill(noRemat, true);
    }
  }

  /** The most loops that share one pass. */
  static final int MAX_SHARED = 4;

  /** How many of the latest groups of loops a loop may join. */
  private static final int GROUPS_EXAMINED = 8;

  /**
   * The loops in groups that share one pass ({@link FusedLoops#compileShared}): loops that run over
   * the same indices and read a common buffer (more than one number), which the pass reads once:
   * the value of a loss and its gradient, say. A loop joins a group of earlier loops when the
   * {@code for} loops written are the same and nothing reads the group's roots before it runs (the
   * shared pass runs at its place); a single number must have no reader at all, since readers take
   * it from the register file that only its own instruction fills.
   */
  private static List<List<FusedLoops.Written>> groups(
      List<FusedLoops.Written> loops, Expr[] nodes, int[] readerStart, int[] readers) {
    List<FusedLoops.Written> inOrder = new ArrayList<>(loops);
    inOrder.sort(Comparator.comparingInt(FusedLoops.Written::root));
    List<List<FusedLoops.Written>> groups = new ArrayList<>();
    for (FusedLoops.Written loop : inOrder) {
      List<FusedLoops.Written> joined = null;
      // The latest groups only: a long program of loops that cannot share (each reading the one
      // before) would otherwise cost a comparison per pair of loops.
      int oldest = Math.max(0, groups.size() - GROUPS_EXAMINED);
      for (int g = groups.size() - 1; g >= oldest && joined == null; g--) {
        List<FusedLoops.Written> group = groups.get(g);
        if (group.size() < MAX_SHARED && canJoin(group, loop, nodes, readerStart, readers)) {
          joined = group;
        }
      }
      if (joined == null) {
        groups.add(new ArrayList<>(List.of(loop)));
      } else {
        joined.add(loop);
      }
    }
    return groups;
  }

  private static boolean canJoin(
      List<FusedLoops.Written> group,
      FusedLoops.Written loop,
      Expr[] nodes,
      int[] readerStart,
      int[] readers) {
    if (!Arrays.equals(group.get(0).nest(), loop.nest())) {
      return false;
    }
    boolean sharesALeaf = false;
    for (FusedLoops.Written carried : group) {
      int p = carried.root();
      if (nodes[p].shape().size() == 1 && readerStart[p + 1] > readerStart[p]) {
        return false;
      }
      for (int k = readerStart[p]; k < readerStart[p + 1]; k++) {
        if (readers[k] <= loop.root()) {
          return false;
        }
      }
      for (int leaf : carried.leaves()) {
        for (int other : loop.leaves()) {
          sharesALeaf |= leaf == other && nodes[leaf].shape().size() > 1;
        }
      }
    }
    return sharesALeaf;
  }

  /** Marks a node recomputed inside every loop that reads it ({@code loopOf}). */
  static final int REMAT = -2;

  /**
   * Marks a slice or transpose read only by loops (directly or through such views): a loop reads it
   * in place, and it may be of a recomputed node ({@code loopOf}).
   */
  static final int VIEW = -3;

  /** How many recomputed nodes deep a recomputed value may be: bounds the work per element. */
  static final int MAX_REMAT_DEPTH = 3;

  /**
   * One backward sweep over the schedule: readers come after their operands, so each node is
   * assigned to the loop of its single reader, recomputed in all its readers' loops, or made a
   * root.
   */
  /**
   * Whether a live node has at least {@code minSize} elements: every fused loop runs over some
   * node's shape, so without one there is nothing to plan (and planning a large program of small
   * tensors, such as a long scalar chain, was a fifth of its compilation time).
   */
  private static boolean anyLiveNodeHas(int minSize, Expr[] nodes, boolean[] live) {
    for (int i = 0; i < nodes.length; i++) {
      if (live[i] && nodes[i].shape().size() >= minSize) {
        return true;
      }
    }
    return false;
  }

  private static final class Sweep {
    final int[] loopOf;
    final int[] opCount;
    final boolean[] hasRemat;
    final List<Integer> roots = new ArrayList<>();

    Sweep(
        Expr[] nodes,
        boolean[] live,
        boolean[] pinned,
        int[] edges,
        int[] readerStart,
        int[] readers,
        boolean[] noRemat) {
      int n = nodes.length;
      loopOf = new int[n];
      opCount = new int[n];
      hasRemat = new boolean[n];
      int[] rematDepth = new int[n];
      Arrays.fill(loopOf, -1);
      for (int i = n - 1; i >= 0; i--) {
        Expr e = nodes[i];
        if (!live[i] || e.arity() == 0) {
          continue;
        }
        if (isMember(e) && !pinned[i] && edges[i] == 1) {
          int reader = readers[readerStart[i]];
          int root = loopOf[reader];
          if (root >= 0 && opCount[root] < MAX_OPS && readsDirectly(nodes[reader], e)) {
            loopOf[i] = root;
            opCount[root]++;
            continue;
          }
        }
        boolean view = e.op() instanceof Slice || e.op() instanceof Transpose;
        if (!pinned[i] && edges[i] >= 1 && (view || !noRemat[i] && isCheap(e))) {
          // Recomputing a few flops in each reader's loop saves this node's pass and buffer. A
          // slice or transpose is read in place; through one, a node is recomputed at each element
          // the view reads, at most once per reader.
          boolean all = true;
          int depth = view ? 0 : 1;
          for (int k = readerStart[i]; k < readerStart[i + 1] && all; k++) {
            int r = readers[k];
            all =
                (loopOf[r] >= 0 || loopOf[r] == REMAT || loopOf[r] == VIEW)
                    && readsDirectly(nodes[r], e);
            if (loopOf[r] == REMAT || loopOf[r] == VIEW) {
              depth = Math.max(depth, rematDepth[r] + (view ? 0 : 1));
            }
          }
          if (all && depth <= MAX_REMAT_DEPTH) {
            loopOf[i] = view ? VIEW : REMAT;
            rematDepth[i] = depth;
            if (!view) {
              for (int loop : loopsReading(i, readerStart, readers)) {
                hasRemat[loop] = true;
              }
            }
            continue;
          }
        }
        if (isMember(e) || isFullSum(e)) {
          loopOf[i] = i;
          opCount[i] = 1;
          roots.add(i);
        }
      }
    }

    /** The loops that read node {@code i}, directly or through views ({@link #VIEW}). */
    List<Integer> loopsReading(int i, int[] readerStart, int[] readers) {
      List<Integer> loops = new ArrayList<>();
      ArrayDeque<Integer> pending = new ArrayDeque<>(List.of(i));
      while (!pending.isEmpty()) {
        int p = pending.pop();
        for (int k = readerStart[p]; k < readerStart[p + 1]; k++) {
          int r = readers[k];
          if (loopOf[r] >= 0) {
            loops.add(loopOf[r]);
          } else if (loopOf[r] == VIEW) {
            pending.push(r);
          }
        }
      }
      return loops;
    }
  }

  /** Whether the loop at {@code root} saves something and is large enough to compile. */
  private static boolean forms(Expr[] nodes, Sweep sweep, int root, int minSize) {
    Expr r = nodes[root];
    Expr top = r.op() instanceof Sum ? r.input(0) : r;
    if (top.shape().size() < minSize) {
      return false;
    }
    boolean folds = r.op() instanceof Pad || sweep.opCount[root] >= 2 || sweep.hasRemat[root];
    if (!folds && r.op() instanceof Concat) {
      // A concatenation of stored values is copied in blocks by its own kernel.
      for (Expr input : r.inputs()) {
        folds |= isView(input);
      }
      return folds;
    }
    if (!folds) {
      for (Expr input : top.inputs()) {
        // A view, or an operand broadcast by the op itself (a scalar factor): the op's own kernel
        // would read it through an index map as large as the output.
        folds |= isView(input) || input.shape().size() != top.shape().size();
      }
    }
    if (r.op() instanceof Sum && sweep.opCount[root] < 2 && !sweep.hasRemat[root]) {
      folds = false; // a sum of a stored value: the sum's own kernel
    }
    return folds;
  }

  /**
   * The cost rule for recomputation: an op of one flop and no call ({@code +}, {@code −}, {@code
   * ×}, negation, square), whose results are the same bits wherever it is computed.
   */
  static boolean isCheap(Expr e) {
    return e.op() instanceof Add
        || e.op() instanceof Sub
        || e.op() instanceof Mul
        || e.op() instanceof Neg
        || e.op() instanceof Square;
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
    return e.op() instanceof Concat;
  }

  /** A sum of every element into one number: an accumulator, in the sum kernel's order. */
  static boolean isFullSum(Expr e) {
    return e.op() instanceof Sum && e.shape().size() == 1 && isMember(e.input(0));
  }

  /** Whether {@code reader} reads {@code e} as one of its inputs without broadcasting it. */
  private static boolean readsDirectly(Expr reader, Expr e) {
    if (reader.op() instanceof Concat) {
      for (Expr input : reader.inputs()) {
        if (input == e) {
          return true;
        }
      }
      return false;
    }
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
