package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NodeIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One phase over one graph: every node's state in arrays indexed by the node's number, and the
 * explicit work stack.
 *
 * <p>The graph of the roots is numbered once, by an iterative walk that also counts each node's
 * uses and lists the nodes in topological order (inputs left to right, as a depth-first walk
 * finishes them) with their inputs' numbers. The nodes are then simplified in that order, so the
 * inputs of the node at hand are done and are found by number, without a hash look-up. What a rule
 * builds is numbered when it is met and simplified on demand with the same stack, before the node
 * it replaces is done. A node's number is found by hashing only for such new nodes and for the
 * sharing questions rules ask.
 *
 * <p>Not thread-safe; one per phase of one {@code Simplifier.apply}.
 */
final class PhaseRun implements Rule.Context {
  /** Numbered, not yet visited. */
  private static final byte UNSEEN = 0;

  /** On the stack, its inputs being simplified. */
  private static final byte VISITING = 1;

  /** Rewritten to {@code replacement[n]}, which is being simplified. */
  private static final byte REPLACED = 2;

  /** Simplified: its fixpoint is {@code fixpoint[n]} (itself when no rule applies). */
  private static final byte DONE = 3;

  /** The numbering of the graph and the counts of its first walk, which later runs may reuse. */
  private static final class Graph {
    final NodeIndex index;

    /** Per node: how many nodes use it as an input; a rewritten node passes its uses on. */
    int[] uses;

    /** Per node: where its inputs' numbers start in {@link #inputs}; -1 until known. */
    int[] firstInput;

    int[] inputs;
    int inputCount;

    /** The nodes of the first walk in topological order. */
    final int[] order;

    final int counted;

    Graph(
        NodeIndex index, int[] uses, int[] firstInput, int[] inputs, int inputCount, int[] order) {
      this.index = index;
      this.uses = uses;
      this.firstInput = firstInput;
      this.inputs = inputs;
      this.inputCount = inputCount;
      this.order = order;
      this.counted = index.size();
    }
  }

  private final Phase phase;
  private final List<Expr> roots;

  /** Nodes kept as they are (done, and shared so that nothing flattens them); may be null. */
  private final NodeIndex frozen;

  private final Graph graph;
  private byte[] status;
  private int[] fixpoint;
  private int[] replacement;

  private int[] stack = new int[64];
  private int stackSize;

  long rewrites;

  /** Rewrites still allowed, shared with the other runs of the same {@code apply}. */
  private final long[] budget;

  /** The node whose shared computations {@link #memoValues} holds, by key. */
  private Expr memoNode;

  private final String[] memoKeys = new String[4];
  private final Object[] memoValues = new Object[4];

  /** What rules asked {@link #isShared} about, in order, and the answers. */
  private Expr[] asked = new Expr[1024];

  private boolean[] answers = new boolean[1024];
  private int askedCount;

  /**
   * A run over the graph of {@code roots}; {@code previous}, when not null, is a run over the same
   * roots that rewrote nothing, whose numbering and counts are reused rather than walked again.
   */
  PhaseRun(
      Phase phase,
      List<Expr> roots,
      int expectedSize,
      NodeIndex frozen,
      long[] budget,
      PhaseRun previous) {
    this.phase = phase;
    this.roots = roots;
    this.frozen = frozen;
    this.graph = previous != null ? previous.graph : count(roots, expectedSize, frozen);
    int n = graph.index.size();
    int capacity = Math.max(16, n + (n >> 1));
    this.status = new byte[capacity];
    this.fixpoint = new int[capacity];
    this.replacement = new int[capacity];
    for (int id = 0; id < n; id++) {
      if (graph.firstInput[id] == FROZEN) {
        status[id] = DONE;
        fixpoint[id] = id;
      }
    }
    if (budget[0] < 0) {
      budget[0] = Simplifier.BASE_BUDGET + Simplifier.BUDGET_PER_NODE * n;
    }
    this.budget = budget;
  }

  /** {@link Graph#firstInput} of a frozen node, whose inputs are never looked at. */
  private static final int FROZEN = -2;

  /**
   * Numbers the graph of {@code roots} with one iterative depth-first walk: uses, inputs and the
   * topological order. A frozen node counts as used twice (so no rule flattens it) and is not
   * entered.
   */
  private static Graph count(List<Expr> roots, int expectedSize, NodeIndex frozen) {
    NodeIndex index = new NodeIndex(expectedSize);
    int capacity = Math.max(16, expectedSize);
    int[] uses = new int[capacity];
    int[] firstInput = new int[capacity];
    int[] inputs = new int[2 * capacity];
    int inputCount = 0;
    int[] order = new int[capacity];
    int ordered = 0;
    int[] stack = new int[64];
    int[] next = new int[64];
    for (Expr root : roots) {
      int before = index.size();
      int r = index.add(root);
      if (r != before) {
        continue;
      }
      if (r == uses.length) {
        uses = Arrays.copyOf(uses, 2 * r);
        firstInput = Arrays.copyOf(firstInput, 2 * r);
      }
      if (frozen != null && frozen.indexOf(root) >= 0) {
        firstInput[r] = FROZEN;
        uses[r] += 2;
        if (ordered == order.length) {
          order = Arrays.copyOf(order, 2 * ordered);
        }
        order[ordered++] = r;
        continue;
      }
      int top = 0;
      stack[0] = r;
      next[0] = 0;
      firstInput[r] = inputCount;
      int arity = root.arity();
      if (inputCount + arity > inputs.length) {
        inputs = Arrays.copyOf(inputs, Math.max(2 * inputs.length, inputCount + arity));
      }
      inputCount += arity;
      while (top >= 0) {
        int id = stack[top];
        Expr node = index.get(id);
        int i = next[top];
        if (i == node.arity()) {
          top--;
          if (ordered == order.length) {
            order = Arrays.copyOf(order, 2 * ordered);
          }
          order[ordered++] = id;
          continue;
        }
        next[top] = i + 1;
        Expr input = node.input(i);
        int size = index.size();
        int in = index.add(input);
        inputs[firstInput[id] + i] = in;
        if (in == uses.length) {
          uses = Arrays.copyOf(uses, 2 * in);
          firstInput = Arrays.copyOf(firstInput, 2 * in);
        }
        uses[in]++;
        if (in != size) {
          continue; // met before
        }
        if (frozen != null && frozen.indexOf(input) >= 0) {
          firstInput[in] = FROZEN;
          uses[in] += 2;
          if (ordered == order.length) {
            order = Arrays.copyOf(order, 2 * ordered);
          }
          order[ordered++] = in;
          continue;
        }
        firstInput[in] = inputCount;
        int a = input.arity();
        if (inputCount + a > inputs.length) {
          inputs = Arrays.copyOf(inputs, Math.max(2 * inputs.length, inputCount + a));
        }
        inputCount += a;
        if (++top == stack.length) {
          stack = Arrays.copyOf(stack, 2 * top);
          next = Arrays.copyOf(next, 2 * top);
        }
        stack[top] = in;
        next[top] = 0;
      }
    }
    return new Graph(index, uses, firstInput, inputs, inputCount, Arrays.copyOf(order, ordered));
  }

  /** The number of nodes the run has seen so far. */
  int size() {
    return graph.index.size();
  }

  /**
   * Whether every rule of the phase fails to match every node of the graph, so that the run would
   * rewrite nothing: a procedural rule counts as matching every node of its root ops.
   */
  boolean nothingCouldMatch() {
    for (int id : graph.order) {
      if (status[id] == DONE) {
        continue; // frozen
      }
      Expr e = graph.index.get(id);
      for (Rule rule : phase.rulesFor(e.op().getClass())) {
        if (rule.couldMatch(e)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether this run's graph would give every sharing question an earlier run of the same phase
   * asked the same answer (the earlier run's result being this run's graph).
   */
  boolean wouldSeeWhat(PhaseRun earlier) {
    for (int i = 0; i < earlier.askedCount; i++) {
      if ((uses(earlier.asked[i]) > 1) != earlier.answers[i]) {
        return false;
      }
    }
    return true;
  }

  private int uses(Expr node) {
    int id = graph.index.indexOf(node);
    return id >= 0 ? graph.uses[id] : 0;
  }

  @Override
  public boolean isShared(Expr node) {
    boolean shared = uses(node) > 1;
    if (askedCount == asked.length) {
      asked = Arrays.copyOf(asked, 2 * askedCount);
      answers = Arrays.copyOf(answers, 2 * askedCount);
    }
    asked[askedCount] = node;
    answers[askedCount++] = shared;
    return shared;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T computed(Expr node, String key, Supplier<T> compute) {
    if (node != memoNode) {
      memoNode = node;
      Arrays.fill(memoKeys, null);
    }
    int i = 0;
    while (i < memoKeys.length && memoKeys[i] != null && !memoKeys[i].equals(key)) {
      i++;
    }
    if (i == memoKeys.length) {
      return compute.get();
    }
    if (memoKeys[i] == null) {
      memoKeys[i] = key;
      memoValues[i] = compute.get();
    }
    return (T) memoValues[i];
  }

  /** Simplifies every node, inputs first; the roots' fixpoints. */
  List<Expr> run() {
    for (int id : graph.order) {
      if (status[id] != DONE) {
        push(id);
        drain();
      }
    }
    List<Expr> result = new ArrayList<>(roots.size());
    for (Expr root : roots) {
      int id = graph.index.indexOf(root);
      if (status[id] != DONE) {
        throw new IllegalStateException("simplifier lost track of " + root);
      }
      result.add(graph.index.get(fixpoint[id]));
    }
    return result;
  }

  /** The number of {@code e}, numbering it (a node a rule built) when it is new. */
  private int number(Expr e) {
    NodeIndex index = graph.index;
    int size = index.size();
    int id = index.add(e);
    if (id != size) {
      return id;
    }
    if (id == status.length) {
      int capacity = 2 * id;
      status = Arrays.copyOf(status, capacity);
      fixpoint = Arrays.copyOf(fixpoint, capacity);
      replacement = Arrays.copyOf(replacement, capacity);
    }
    if (id >= graph.uses.length) {
      int capacity = Math.max(2 * id, 16);
      graph.uses = Arrays.copyOf(graph.uses, capacity);
      graph.firstInput = Arrays.copyOf(graph.firstInput, capacity);
    }
    if (frozen != null && frozen.indexOf(e) >= 0) {
      graph.firstInput[id] = FROZEN;
      graph.uses[id] += 2;
      status[id] = DONE;
      fixpoint[id] = id;
    } else {
      graph.firstInput[id] = -1;
    }
    return id;
  }

  /** Where the inputs' numbers of node {@code id} start, numbering them the first time. */
  private int inputsOf(int id, Expr e) {
    int first = graph.firstInput[id];
    if (first >= 0) {
      return first;
    }
    int arity = e.arity();
    first = graph.inputCount;
    if (first + arity > graph.inputs.length) {
      graph.inputs = Arrays.copyOf(graph.inputs, Math.max(2 * graph.inputs.length, first + arity));
    }
    graph.inputCount += arity;
    for (int i = 0; i < arity; i++) {
      int in = number(e.input(i)); // may grow the arrays, so stored through graph each time
      graph.inputs[first + i] = in;
    }
    graph.firstInput[id] = first;
    return first;
  }

  private void drain() {
    while (stackSize > 0) {
      int id = stack[stackSize - 1];
      byte s = status[id];
      if (s == DONE) {
        stackSize--;
        continue;
      }
      if (s == REPLACED) {
        int r = replacement[id];
        if (status[r] != DONE) {
          throw new IllegalStateException("simplifier lost track of " + graph.index.get(r));
        }
        int simplified = fixpoint[r];
        status[id] = DONE;
        fixpoint[id] = simplified;
        int passedOn = graph.uses[id];
        if (passedOn != 0 && simplified != id) {
          graph.uses[simplified] += passedOn;
        }
        stackSize--;
        continue;
      }
      Expr e = graph.index.get(id);
      Expr rebuilt = rebuildOrPushAnInput(id, e);
      if (rebuilt == null) {
        continue;
      }
      if (rebuilt != e) {
        replace(id, rebuilt);
        continue;
      }
      Expr rewritten = budget[0] > 0 ? firstRewrite(e) : null;
      if (rewritten != null) {
        rewrites++;
        budget[0]--;
        replace(id, rewritten);
      } else {
        status[id] = DONE;
        fixpoint[id] = id;
        stackSize--;
      }
    }
  }

  /**
   * {@code e} with each input replaced by its fixpoint; null, after pushing an input that is not
   * done yet, when there is one.
   */
  private Expr rebuildOrPushAnInput(int id, Expr e) {
    int arity = e.arity();
    if (arity == 0) {
      return e;
    }
    int first = inputsOf(id, e);
    boolean changed = false;
    for (int i = 0; i < arity; i++) {
      int in = graph.inputs[first + i];
      if (status[in] != DONE) {
        push(in);
        return null;
      }
      changed |= fixpoint[in] != in;
    }
    if (!changed) {
      return e;
    }
    List<Expr> simplified = new ArrayList<>(arity);
    for (int i = 0; i < arity; i++) {
      simplified.add(graph.index.get(fixpoint[graph.inputs[first + i]]));
    }
    return Expr.apply(e.op(), simplified);
  }

  private Expr firstRewrite(Expr e) {
    memoNode = null;
    for (Rule rule : phase.rulesFor(e.op().getClass())) {
      Expr r = rule.rewriteMatching(e, this);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private void replace(int id, Expr with) {
    int r = number(with);
    status[id] = REPLACED;
    replacement[id] = r;
    if (status[r] != DONE) {
      push(r);
    }
  }

  private void push(int id) {
    byte s = status[id];
    if (s == VISITING || s == REPLACED) {
      // A rewrite led back to a node in progress (rules that undo each other, or a rewrite whose
      // result contains the node): keep that node as it is, which ends the cycle.
      status[id] = DONE;
      fixpoint[id] = id;
      return;
    }
    if (s != DONE) {
      status[id] = VISITING;
      if (stackSize == stack.length) {
        stack = Arrays.copyOf(stack, 2 * stackSize);
      }
      stack[stackSize++] = id;
    }
  }
}
