package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Applies named rewrite rules to a fixpoint, phase by phase: {@code Simplifier.simplify(e)}.
 *
 * <h2>The contract</h2>
 *
 * <ul>
 *   <li><b>Shape-preserving</b>: the result has the shape of the input, always.
 *   <li><b>Value-preserving</b>: wherever the expression as written and every one of its
 *       subexpressions is finite, the result has the same value up to rounding. Stabilizing rules
 *       ({@link Rule.Effect#STABILIZES}) also give the finite value where the written form
 *       overflows ({@code log(σ(−1000)) = −1000}, not −∞). Domain-extending rules ({@link
 *       Rule.Effect#EXTENDS_DOMAIN}, listed by {@link Rules#domainExtending()}) may turn a value
 *       that is undefined as written ({@code 0·∞}, {@code ∞ − ∞}, {@code 0/0}) into its continuous
 *       extension: {@link #standard()} uses them, {@link #valuePreserving()} and {@link
 *       #stabilizer()} do not, so a NaN in an expression they rewrite stays a NaN.
 *   <li><b>Total</b>: {@code apply} never fails because rewriting does not settle. Each phase is
 *       bounded by one rewrite budget proportional to the input graph, shared by every round of
 *       every phase (rewrites that build new nodes do not extend it); when it runs out, the
 *       expression rewritten so far (equivalent, by the above) is returned. The measures that make
 *       the standard rules settle long before that are given per phase in {@code
 *       docs/simplifier.md}.
 * </ul>
 *
 * <h2>How</h2>
 *
 * <p>Each phase walks the graph bottom-up with an explicit stack (so a chain of a million nodes is
 * fine): a node is rebuilt from its simplified inputs, then the phase's rules whose root is the
 * node's op are tried on it until none applies; whatever a rule builds is simplified the same way
 * before it is used. Shared subexpressions are simplified once. The phases run in order, and the
 * whole sequence repeats until a full round changes nothing (at most eight rounds), so {@code
 * simplify(simplify(e)) == simplify(e)} for the standard rules. Time and memory are linear in the
 * graph: a constant number of rules per node, each looking a bounded distance down.
 *
 * <p>A simplifier is immutable and safe to share between threads.
 */
public final class Simplifier {
  private static final Simplifier STANDARD =
      new Simplifier(List.of(Rules.CANONICALIZE, Rules.STABILIZE));

  private static final Simplifier VALUE_PRESERVING =
      new Simplifier(
          List.of(
              Rules.CANONICALIZE.without(" (value-preserving)", Rule::extendsDomain),
              Rules.STABILIZE));

  private static final Simplifier STABILIZER = new Simplifier(List.of(Rules.STABILIZE));

  /** Rounds of all phases; the standard rules settle in two or three. */
  private static final int MAX_ROUNDS = 8;

  /**
   * Rewrites allowed in one {@code apply}, over all rounds and phases: this many, plus {@link
   * #BUDGET_PER_NODE} per node of the input graph.
   */
  private static final long BASE_BUDGET = 10_000;

  private static final long BUDGET_PER_NODE = 10;

  private final List<Phase> phases;

  private Simplifier(List<Phase> phases) {
    this.phases = List.copyOf(phases);
  }

  /** The standard simplifier: canonicalize, then stabilize, with every rule. */
  public static Simplifier standard() {
    return STANDARD;
  }

  /**
   * Canonicalize and stabilize with the rules that never extend the domain: for an expression whose
   * value must stay what the user wrote, such as a loss (a NaN stays a NaN).
   */
  public static Simplifier valuePreserving() {
    return VALUE_PRESERVING;
  }

  /**
   * The stabilize phase alone ({@link Rules#STABILIZE}): rewrites only formulas that overflow or
   * lose precision ({@code log(σ(x)) → −softplus(−x)}), leaving the rest of the expression as
   * written. Meant for evaluation: a compiled program of stabilized outputs gives finite values
   * where the written form overflows, and is otherwise the same.
   */
  public static Simplifier stabilizer() {
    return STABILIZER;
  }

  /** A simplifier running these phases in order. */
  public static Simplifier of(Phase... phases) {
    checkArgument(phases.length > 0, "a simplifier needs at least one phase");
    return new Simplifier(List.of(phases));
  }

  /** {@code e} simplified by the standard rules. */
  public static Expr simplify(Expr e) {
    return STANDARD.apply(e);
  }

  /** The phases, in order. */
  public List<Phase> phases() {
    return phases;
  }

  /** {@code e} rewritten to a fixpoint of every phase. */
  public Expr apply(Expr e) {
    checkNotNull(e, "expression");
    return apply(List.of(e)).get(0);
  }

  /**
   * Each expression rewritten to a fixpoint of every phase; subexpressions shared between them are
   * simplified once and stay shared.
   */
  public List<Expr> apply(List<Expr> roots) {
    return apply(roots, null);
  }

  /**
   * Each expression rewritten to a fixpoint of every phase, except the nodes of {@code kept}'s
   * graph, which stay exactly as they are and are not flattened into their users: the results share
   * them. For gradients, with the loss as {@code kept}: the gradients point at the loss's own nodes
   * for the forward values, so a program computing both computes them once, and the loss is the
   * expression as written.
   */
  public List<Expr> apply(List<Expr> roots, Expr kept) {
    checkNotNull(roots, "roots");
    NodeTable frozen = null;
    if (kept != null) {
      frozen = new NodeTable(1024);
      Deque<Expr> pending = new ArrayDeque<>();
      pending.push(kept);
      frozen.setState(kept, kept);
      while (!pending.isEmpty()) {
        for (Expr input : pending.pop().inputs()) {
          if (frozen.state(input) == null) {
            frozen.setState(input, input);
            pending.push(input);
          }
        }
      }
    }
    List<Expr> current = List.copyOf(roots);
    if (!anyPatternMatches(current, frozen)) {
      return current; // nothing can be rewritten: spare the phases' bookkeeping
    }
    // Stop once every phase in a row has left the graph unchanged. (A phase's result need not be
    // its own fixpoint: which subexpressions are shared changes as the graph is rewritten.)
    int settled = 0;
    // The last run of each phase, while every run since has left the graph unchanged.
    PhaseRun[] lastUnchangedSince = new PhaseRun[phases.size()];
    int expected = 1024;
    long[] budget = {-1}; // set by the first run, from the size of the input graph
    for (int run = 0; run < MAX_ROUNDS * phases.size() && settled < phases.size(); run++) {
      int p = run % phases.size();
      PhaseRun phaseRun = new PhaseRun(phases.get(p), current, expected, frozen, budget);
      List<Expr> next;
      if (lastUnchangedSince[p] != null && phaseRun.wouldSeeWhat(lastUnchangedSince[p])) {
        // The graph is the one this phase left, and every rule would see the same sharing: the
        // phase would leave it unchanged again.
        next = current;
      } else {
        next = phaseRun.run();
      }
      boolean unchanged = phaseRun.rewrites == 0 && sameNodes(current, next);
      settled = unchanged ? settled + 1 : 0;
      if (!unchanged) {
        Arrays.fill(lastUnchangedSince, null);
      }
      lastUnchangedSince[p] = phaseRun;
      expected = phaseRun.size();
      current = next;
    }
    return current;
  }

  /**
   * Whether some rule of some phase could apply to some node: a procedural rule is tried on its
   * root ops, a pattern rule only where its pattern matches (side conditions aside). When none can,
   * no rewrite happens, and one walk over the graph replaces the phases' runs: the stabilizer on a
   * graph without {@code log} of anything it rewrites costs a look at each node.
   */
  private boolean anyPatternMatches(List<Expr> roots, NodeTable frozen) {
    NodeTable seen = new NodeTable(1024);
    Deque<Expr> pending = new ArrayDeque<>();
    for (Expr root : roots) {
      if (seen.state(root) == null) {
        seen.setState(root, root);
        pending.push(root);
      }
    }
    while (!pending.isEmpty()) {
      Expr e = pending.pop();
      if (frozen != null && frozen.state(e) != null) {
        continue;
      }
      for (Phase phase : phases) {
        for (Rule rule : phase.rulesFor(e.op().getClass())) {
          if (rule.couldMatch(e)) {
            return true;
          }
        }
      }
      for (Expr input : e.inputs()) {
        if (seen.state(input) == null) {
          seen.setState(input, input);
          pending.push(input);
        }
      }
    }
    return false;
  }

  private static boolean sameNodes(List<Expr> a, List<Expr> b) {
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** One phase over one graph: the state of every node seen and the explicit work stack. */
  private static final class PhaseRun implements Rule.Context {
    /** The state of a node on the stack whose inputs are being simplified. */
    private static final Object VISITING = new Object();

    /** The state of a node counted by the first walk, not yet visited by the second. */
    private static final Object COUNTED = new Object();

    /** The state of a node rewritten to {@code replacement}, which is being simplified. */
    private record ReplacedBy(Expr replacement) {}

    private final Phase phase;

    /**
     * Per node: its state ({@link #VISITING}, {@link ReplacedBy}, or, when done, its fixpoint,
     * which maps to itself) and how many nodes use it as an input; a rewritten node passes its uses
     * on to what it became. Rules see the uses through {@link #isShared}.
     */
    private final NodeTable table;

    private final Deque<Expr> stack = new ArrayDeque<>();
    private long rewrites;

    /** Rewrites still allowed, shared with the other runs of the same {@code apply}. */
    private final long[] budget;

    /** The node whose shared computations {@link #memoValues} holds, by key. */
    private Expr memoNode;

    private final String[] memoKeys = new String[4];
    private final Object[] memoValues = new Object[4];

    /** The roots to simplify. */
    private final List<Expr> roots;

    /** What rules asked {@link #isShared} about, in order, and the answers. */
    private Expr[] asked = new Expr[1024];

    private boolean[] answers = new boolean[1024];
    private int askedCount;

    /** Counts the uses of every node of the graph of {@code roots}. */
    /** Nodes kept as they are (done, and shared so that nothing flattens them); may be null. */
    private final NodeTable frozen;

    PhaseRun(Phase phase, List<Expr> roots, int expectedSize, NodeTable frozen, long[] budget) {
      this.phase = phase;
      this.roots = roots;
      this.table = new NodeTable(expectedSize);
      this.frozen = frozen;
      countUses(roots);
      if (budget[0] < 0) {
        budget[0] = BASE_BUDGET + BUDGET_PER_NODE * table.size();
      }
      this.budget = budget;
    }

    /** The number of nodes the run has seen so far. */
    int size() {
      return table.size();
    }

    /**
     * Whether this run's graph would give every sharing question an earlier run of the same phase
     * asked the same answer (the earlier run's result being this run's graph).
     */
    boolean wouldSeeWhat(PhaseRun earlier) {
      for (int i = 0; i < earlier.askedCount; i++) {
        if ((table.uses(earlier.asked[i]) > 1) != earlier.answers[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean isShared(Expr node) {
      boolean shared = table.uses(node) > 1;
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

    List<Expr> run() {
      // Rewriting builds new nodes: make room for some at once rather than growing repeatedly.
      table.reserve(2 * table.size());
      List<Expr> result = new ArrayList<>(roots.size());
      for (Expr root : roots) {
        push(root);
        drain();
        result.add(done(root));
      }
      return result;
    }

    /** Counts each node's uses with one iterative walk over the graph. */
    private void countUses(List<Expr> roots) {
      Deque<Expr> pending = new ArrayDeque<>();
      for (Expr root : roots) {
        if (table.state(root) == null && table.uses(root) == 0) {
          table.setState(root, COUNTED);
          pending.push(root);
        }
        while (!pending.isEmpty()) {
          Expr e = pending.pop();
          if (frozen != null && frozen.state(e) != null) {
            table.setState(e, e);
            table.addUses(e, 2);
            continue;
          }
          for (Expr input : e.inputs()) {
            if (table.addUses(input, 1) == 0 && table.state(input) == null) {
              pending.push(input);
            }
          }
        }
      }
    }

    /** The fixpoint of {@code e}, or null when it is not done. */
    private Expr done(Expr e) {
      return table.state(e) instanceof Expr fixpoint ? fixpoint : null;
    }

    private void drain() {
      while (!stack.isEmpty()) {
        Expr e = stack.peek();
        Object s = table.state(e);
        if (s instanceof Expr) {
          stack.pop();
          continue;
        }
        if (s instanceof ReplacedBy r) {
          Expr simplified = done(r.replacement());
          if (simplified == null) {
            throw new IllegalStateException("simplifier lost track of " + r.replacement());
          }
          table.setState(e, simplified);
          int passedOn = table.uses(e);
          if (passedOn != 0 && simplified != e) {
            table.addUses(simplified, passedOn);
          }
          stack.pop();
          continue;
        }
        Expr rebuilt = rebuildOrPushAnInput(e);
        if (rebuilt == null) {
          continue;
        }
        if (rebuilt != e) {
          replace(e, rebuilt);
          continue;
        }
        Expr rewritten = budget[0] > 0 ? firstRewrite(e) : null;
        if (rewritten != null) {
          rewrites++;
          budget[0]--;
          replace(e, rewritten);
        } else {
          table.setState(e, e);
          stack.pop();
        }
      }
    }

    /**
     * {@code e} with each input replaced by its fixpoint; null, after pushing an input that is not
     * done yet, when there is one.
     */
    private Expr rebuildOrPushAnInput(Expr e) {
      List<Expr> inputs = e.inputs();
      List<Expr> simplified = null;
      for (int i = 0; i < inputs.size(); i++) {
        Expr s = done(inputs.get(i));
        if (s == null) {
          push(inputs.get(i));
          return null;
        }
        if (s != inputs.get(i) && simplified == null) {
          simplified = new ArrayList<>(inputs.subList(0, i));
        }
        if (simplified != null) {
          simplified.add(s);
        }
      }
      return simplified == null ? e : Expr.apply(e.op(), simplified);
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

    private void replace(Expr e, Expr replacement) {
      table.setState(e, new ReplacedBy(replacement));
      if (done(replacement) == null) {
        push(replacement);
      }
    }

    private void push(Expr e) {
      if (frozen != null && frozen.state(e) != null) {
        table.setState(e, e);
        table.addUses(e, 2);
        return;
      }
      Object s = table.state(e);
      if (s == VISITING || s instanceof ReplacedBy) {
        // A rewrite led back to a node in progress (rules that undo each other, or a rewrite whose
        // result contains the node): keep that node as it is, which ends the cycle.
        table.setState(e, e);
        return;
      }
      if (!(s instanceof Expr)) {
        table.setState(e, VISITING);
        stack.push(e);
      }
    }
  }
}
