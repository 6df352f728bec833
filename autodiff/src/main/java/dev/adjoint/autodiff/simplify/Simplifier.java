package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import java.util.Arrays;
import java.util.List;

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
 * graph: a constant number of rules per node, each looking a bounded distance down; the graph is
 * numbered once ({@code NumberedGraph}) and per-node state is kept in arrays by number. The result
 * depends on the input graph only, never on what ran before in the JVM.
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
  static final long BASE_BUDGET = 10_000;

  static final long BUDGET_PER_NODE = 10;

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
    List<Expr> current = List.copyOf(roots);
    NumberedGraph graph = NumberedGraph.of(current, kept);
    if (!anyRuleCouldMatch(graph)) {
      return current; // nothing can be rewritten: spare the phases' bookkeeping
    }
    long[] budget = {BASE_BUDGET + BUDGET_PER_NODE * graph.orderedCount()};
    // Stop once every phase in a row has left the graph unchanged. (A phase's result need not be
    // its own fixpoint: which subexpressions are shared changes as the graph is rewritten.)
    int settled = 0;
    // The last run of each phase, while every run since has left the graph unchanged.
    PhaseRun[] lastUnchangedSince = new PhaseRun[phases.size()];
    for (int run = 0; run < MAX_ROUNDS * phases.size() && settled < phases.size(); run++) {
      int p = run % phases.size();
      PhaseRun phaseRun = new PhaseRun(phases.get(p), current, graph, budget);
      List<Expr> next;
      if (lastUnchangedSince[p] != null && phaseRun.wouldSeeWhat(lastUnchangedSince[p])) {
        // The graph is the one this phase left, and every rule would see the same sharing: the
        // phase would leave it unchanged again.
        next = current;
      } else if (phaseRun.nothingCouldMatch()) {
        next = current; // no pattern of the phase matches any node (the stabilizer, usually)
      } else {
        next = phaseRun.run();
        graph.count(phaseRun.result()); // the uses and order of the new graph
      }
      boolean unchanged = phaseRun.rewrites == 0 && sameNodes(current, next);
      settled = unchanged ? settled + 1 : 0;
      if (!unchanged) {
        Arrays.fill(lastUnchangedSince, null);
      }
      lastUnchangedSince[p] = phaseRun;
      current = next;
    }
    return current;
  }

  /**
   * Whether some rule of some phase could apply to some node that is not frozen: a procedural rule
   * is tried on its root ops, a pattern rule only where its pattern matches (side conditions
   * aside). When none can, no rewrite happens, and the walk that numbered the graph replaces the
   * phases' runs: the stabilizer on a graph without {@code log} of anything it rewrites costs a
   * look at each node.
   */
  private boolean anyRuleCouldMatch(NumberedGraph graph) {
    Bound scratch = new Bound();
    for (int k = 0; k < graph.orderedCount(); k++) {
      int id = graph.ordered(k);
      if (graph.isFrozen(id)) {
        continue;
      }
      Expr e = graph.get(id);
      for (Phase phase : phases) {
        for (Rule rule : phase.rulesFor(e.op().getClass())) {
          if (rule.couldMatch(e, scratch)) {
            return true;
          }
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
}
