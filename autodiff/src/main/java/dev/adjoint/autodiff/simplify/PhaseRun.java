package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One phase over one graph: each node's state in arrays indexed by its number in the {@link
 * NumberedGraph}, and the explicit work stack.
 *
 * <p>The nodes are simplified in the graph's topological order, so the inputs of the node at hand
 * are done and are found by number, without a hash look-up. What a rule builds is numbered when it
 * is met and simplified on demand with the same stack, before the node it replaces is done. A
 * node's number is found by hashing only for such new nodes and for the sharing questions rules
 * ask.
 *
 * <p>Not thread-safe; one per phase of one {@code Simplifier.apply}.
 */
final class PhaseRun implements Rule.Context {
  // A node's status is 0 until it is visited.

  /** On the stack, its inputs being simplified. */
  private static final byte VISITING = 1;

  /** Rewritten to {@code replacement[n]}, which is being simplified. */
  private static final byte REPLACED = 2;

  /** Simplified: its fixpoint is {@code fixpoint[n]} (itself when no rule applies). */
  private static final byte DONE = 3;

  private final Phase phase;
  private final List<Expr> roots;
  private final NumberedGraph graph;

  private byte[] status;
  private int[] fixpoint;
  private int[] replacement;

  /** The names a pattern binds, reused by every match of the run. */
  private final Bound scratch = new Bound();

  private int[] stack = new int[64];
  private int stackSize;

  /** The rewrites this run made. */
  long rewrites;

  /** Rewrites still allowed, shared with the other runs of the same {@code apply}. */
  private final long[] budget;

  /** The node whose shared computations {@link #memoValues} holds, by key. */
  private Expr memoNode;

  private final String[] memoKeys = new String[4];
  private final Object[] memoValues = new Object[4];

  /**
   * The numbers of the nodes rules asked {@link #isShared} about, in order (-1 for a node not
   * numbered, which no later graph is compared on), and the answers.
   */
  private int[] asked = new int[1024];

  private boolean[] answers = new boolean[1024];
  private int askedCount;

  /** The root numbers after {@link #run}: the fixpoints of the roots. */
  private int[] result;

  /** A run over {@code graph}, whose current graph is that of {@code roots}. */
  PhaseRun(Phase phase, List<Expr> roots, NumberedGraph graph, long[] budget) {
    this.phase = phase;
    this.roots = roots;
    this.graph = graph;
    this.budget = budget;
  }

  /**
   * Whether every rule of the phase fails to match every node of the graph, so that the run would
   * rewrite nothing: a procedural rule counts as matching every node of its root ops.
   */
  boolean nothingCouldMatch() {
    for (int k = 0; k < graph.orderedCount(); k++) {
      int id = graph.ordered(k);
      if (graph.isFrozen(id)) {
        continue;
      }
      Expr e = graph.get(id);
      for (Rule rule : phase.rulesFor(e.op().getClass())) {
        if (rule.couldMatch(e, scratch)) {
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
      int id = earlier.asked[i];
      if (id < 0 || (graph.uses(id) > 1) != earlier.answers[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean isShared(Expr node) {
    int id = graph.find(node);
    boolean shared = id >= 0 && graph.uses(id) > 1;
    if (askedCount == asked.length) {
      asked = Arrays.copyOf(asked, 2 * askedCount);
      answers = Arrays.copyOf(answers, 2 * askedCount);
    }
    asked[askedCount] = id;
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
    // allocated here, not for a run that is skipped (and kept for its sharing questions)
    int capacity = Math.max(16, graph.size() + (graph.size() >> 1));
    status = new byte[capacity];
    fixpoint = new int[capacity];
    replacement = new int[capacity];
    int n = graph.orderedCount();
    for (int k = 0; k < n; k++) {
      int id = graph.ordered(k);
      if (status[id] != DONE) {
        push(id);
        drain();
      }
    }
    List<Expr> simplified = new ArrayList<>(roots.size());
    result = new int[roots.size()];
    for (int i = 0; i < result.length; i++) {
      int id = graph.find(roots.get(i));
      if (status[id] != DONE) {
        throw new IllegalStateException("simplifier lost track of " + roots.get(i));
      }
      result[i] = fixpoint[id];
      simplified.add(graph.get(result[i]));
    }
    return simplified;
  }

  /** The numbers of the roots' fixpoints, after {@link #run}. */
  int[] result() {
    return result;
  }

  /** The number of {@code e} (numbering it when new), with room for its state. */
  private int number(Expr e) {
    int id = graph.number(e);
    makeRoom();
    return id;
  }

  /** Grows the state arrays to hold every node numbered so far. */
  private void makeRoom() {
    if (graph.size() > status.length) {
      int capacity = Math.max(2 * status.length, graph.size());
      status = Arrays.copyOf(status, capacity);
      fixpoint = Arrays.copyOf(fixpoint, capacity);
      replacement = Arrays.copyOf(replacement, capacity);
    }
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
          throw new IllegalStateException("simplifier lost track of " + graph.get(r));
        }
        int simplified = fixpoint[r];
        status[id] = DONE;
        fixpoint[id] = simplified;
        int passedOn = graph.uses(id);
        if (passedOn != 0 && simplified != id) {
          graph.addUses(simplified, passedOn);
        }
        stackSize--;
        continue;
      }
      Expr e = graph.get(id);
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
    int first = graph.inputsOf(id);
    makeRoom();
    boolean changed = false;
    for (int i = 0; i < arity; i++) {
      int in = graph.input(first + i);
      if (status[in] != DONE) {
        push(in);
        return null;
      }
      changed |= fixpoint[in] != in;
    }
    List<Expr> simplified = changed ? new ArrayList<>(arity) : null;
    for (int i = 0; i < arity; i++) {
      int f = fixpoint[graph.input(first + i)];
      graph.remember(f); // what is built next, from e or its rebuilt form, has these inputs
      if (changed) {
        simplified.add(graph.get(f));
      }
    }
    if (!changed) {
      return e;
    }
    return Expr.apply(e.op(), simplified);
  }

  private Expr firstRewrite(Expr e) {
    memoNode = null;
    for (Rule rule : phase.rulesFor(e.op().getClass())) {
      Expr r = rule.rewriteMatching(e, this, scratch);
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
    if (s == DONE) {
      return;
    }
    if (s == VISITING || s == REPLACED) {
      // A rewrite led back to a node in progress (rules that undo each other, or a rewrite whose
      // result contains the node): keep that node as it is, which ends the cycle.
      status[id] = DONE;
      fixpoint[id] = id;
      return;
    }
    if (graph.isFrozen(id)) {
      status[id] = DONE;
      fixpoint[id] = id;
      graph.addUses(id, 2); // a frozen node met first here (a rule built it) is shared too
      return;
    }
    status[id] = VISITING;
    if (stackSize == stack.length) {
      stack = Arrays.copyOf(stack, 2 * stackSize);
    }
    stack[stackSize++] = id;
  }
}
