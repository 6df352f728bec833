package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies named rewrite rules to a fixpoint, phase by phase: {@code Simplifier.simplify(e)}.
 *
 * <p>Each phase walks the graph bottom-up with an explicit stack (so a chain of a million nodes is
 * fine): a node is rebuilt from its simplified inputs, then the phase's rules are tried on it until
 * none applies; whatever a rule builds is simplified the same way before it is used. Shared
 * subexpressions are simplified once. The phases run in order, and the whole sequence repeats until
 * nothing changes, so {@code simplify(simplify(e)) == simplify(e)} (after at most eight rounds it
 * stops with the last, still equivalent, result).
 *
 * <p>A rule that rewrites a node into an expression containing that node, or rules that keep
 * rewriting without settling, are bugs in the rules: they are reported with an {@link
 * IllegalStateException} naming the phase (and the last rule).
 *
 * <p>A simplifier is immutable and safe to share between threads.
 */
public final class Simplifier {
  /** The standard phases: {@link Rules#CANONICALIZE}, then {@link Rules#STABILIZE}. */
  private static final Simplifier STANDARD =
      new Simplifier(List.of(Rules.CANONICALIZE, Rules.STABILIZE));

  /** Rounds of all phases; the standard rules settle in two or three. */
  private static final int MAX_ROUNDS = 8;

  private final List<Phase> phases;

  private Simplifier(List<Phase> phases) {
    this.phases = List.copyOf(phases);
  }

  /** The standard simplifier: canonicalize, then stabilize. */
  public static Simplifier standard() {
    return STANDARD;
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
    List<Expr> current = List.copyOf(roots);
    // Stop once every phase in a row has left the graph unchanged. (A phase's result need not be
    // its own fixpoint: which subexpressions are shared changes as the graph is rewritten.)
    int settled = 0;
    for (int run = 0; run < MAX_ROUNDS * phases.size() && settled < phases.size(); run++) {
      List<Expr> next = new PhaseRun(phases.get(run % phases.size())).run(current);
      settled = sameNodes(current, next) ? settled + 1 : 0;
      current = next;
    }
    return current;
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
  private static final class PhaseRun {
    /** The state of a node on the stack whose inputs are being simplified. */
    private static final Object VISITING = new Object();

    /** The state of a node rewritten to {@code replacement}, which is being simplified. */
    private record ReplacedBy(Expr replacement) {}

    private final Phase phase;

    /**
     * Per node: {@link #VISITING}, {@link ReplacedBy}, or (when done) its fixpoint, which maps to
     * itself.
     */
    private final Map<Expr, Object> state = new IdentityHashMap<>();

    private final Deque<Expr> stack = new ArrayDeque<>();

    /**
     * How many nodes use each node as an input; a rewritten node passes its uses on to what it
     * became. Rules see it through {@link Rule.Context#isShared}.
     */
    private final Map<Expr, Integer> uses = new IdentityHashMap<>();

    private final Rule.Context context = node -> uses.getOrDefault(node, 0) > 1;
    private long rewrites;
    private long rewriteBudget = 10_000;

    PhaseRun(Phase phase) {
      this.phase = phase;
    }

    List<Expr> run(List<Expr> roots) {
      for (Expr node : Graph.topologicalOrder(roots)) {
        for (Expr input : node.inputs()) {
          uses.merge(input, 1, Integer::sum);
        }
      }
      List<Expr> result = new ArrayList<>(roots.size());
      for (Expr root : roots) {
        push(root);
        drain();
        result.add(done(root));
      }
      return result;
    }

    /** The fixpoint of {@code e}, or null when it is not done. */
    private Expr done(Expr e) {
      return state.get(e) instanceof Expr fixpoint ? fixpoint : null;
    }

    private void drain() {
      while (!stack.isEmpty()) {
        Expr e = stack.peek();
        Object s = state.get(e);
        if (s instanceof Expr) {
          stack.pop();
          continue;
        }
        if (s instanceof ReplacedBy r) {
          Expr simplified = done(r.replacement());
          if (simplified == null) {
            throw new IllegalStateException("simplifier lost track of " + r.replacement());
          }
          state.put(e, simplified);
          Integer passedOn = uses.get(e);
          if (passedOn != null && simplified != e) {
            uses.merge(simplified, passedOn, Integer::sum);
          }
          stack.pop();
          continue;
        }
        Expr pending = firstPendingInput(e);
        if (pending != null) {
          push(pending);
          continue;
        }
        rewriteBudget += 10;
        Expr rebuilt = rebuild(e);
        if (rebuilt != e) {
          replace(e, rebuilt);
          continue;
        }
        Optional<Expr> rewritten = firstRewrite(e);
        if (rewritten.isPresent()) {
          replace(e, rewritten.get());
        } else {
          state.put(e, e);
          stack.pop();
        }
      }
    }

    private Expr firstPendingInput(Expr e) {
      for (Expr input : e.inputs()) {
        if (done(input) == null) {
          return input;
        }
      }
      return null;
    }

    /** {@code e} with each input replaced by its fixpoint. */
    private Expr rebuild(Expr e) {
      List<Expr> inputs = e.inputs();
      List<Expr> simplified = null;
      for (int i = 0; i < inputs.size(); i++) {
        Expr s = done(inputs.get(i));
        if (s != inputs.get(i) && simplified == null) {
          simplified = new ArrayList<>(inputs.subList(0, i));
        }
        if (simplified != null) {
          simplified.add(s);
        }
      }
      return simplified == null ? e : Expr.apply(e.op(), simplified);
    }

    private Optional<Expr> firstRewrite(Expr e) {
      for (Rule rule : phase.rules()) {
        Optional<Expr> r = rule.apply(e, context);
        if (r.isPresent()) {
          if (++rewrites > rewriteBudget) {
            throw new IllegalStateException(
                "phase "
                    + phase.name()
                    + " did not reach a fixpoint after "
                    + rewrites
                    + " rewrites; last rule: "
                    + rule);
          }
          return r;
        }
      }
      return Optional.empty();
    }

    private void replace(Expr e, Expr replacement) {
      state.put(e, new ReplacedBy(replacement));
      if (done(replacement) == null) {
        push(replacement);
      }
    }

    private void push(Expr e) {
      if (state.containsKey(e) && done(e) == null) {
        throw new IllegalStateException(
            "phase " + phase.name() + " rewrote a node into an expression containing itself");
      }
      if (done(e) == null) {
        state.put(e, VISITING);
        stack.push(e);
      }
    }
  }
}
