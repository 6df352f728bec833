package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Shrinks a failing case to a smaller one that still fails, greedily: a node is replaced by one of
 * its operands of the same shape, or by a fresh variable bound to the node's value at the point
 * (which keeps every value downstream as it was and only cuts what is upstream). It stops when no
 * single replacement keeps the failure.
 */
final class Shrinker {
  /** Upper bound on candidate evaluations, so shrinking a large case stays quick. */
  private static final int BUDGET = 2_000;

  private Shrinker() {}

  /** The smallest case found that still satisfies {@code fails}. */
  static FuzzCase shrink(FuzzCase c, Predicate<FuzzCase> fails) {
    FuzzCase best = c;
    int tries = 0;
    boolean improved = true;
    while (improved && tries < BUDGET) {
      improved = false;
      List<Expr> order = Graph.topologicalOrder(List.of(best.expression()));
      // From the root down: cutting near the root removes the most.
      search:
      for (int k = order.size() - 1; k >= 0; k--) {
        Expr node = order.get(k);
        if (node.inputs().isEmpty()) {
          continue;
        }
        for (FuzzCase candidate : candidates(best, node)) {
          if (candidate == null || candidate.size() >= best.size()) {
            continue;
          }
          if (++tries > BUDGET) {
            break search;
          }
          if (test(fails, candidate)) {
            best = candidate;
            improved = true;
            break search;
          }
        }
      }
    }
    return best;
  }

  private static boolean test(Predicate<FuzzCase> fails, FuzzCase candidate) {
    try {
      return fails.test(candidate);
    } catch (RuntimeException e) {
      return false; // the candidate is not well formed: not the failure we are shrinking
    }
  }

  private static List<FuzzCase> candidates(FuzzCase c, Expr node) {
    List<FuzzCase> out = new ArrayList<>();
    for (Expr input : node.inputs()) {
      if (input.shape().equals(node.shape())) {
        out.add(replace(c, node, input, c.point()));
      }
    }
    Tensor value;
    try {
      value = Program.compileAsWritten(node).run(c.point()).get(0);
    } catch (RuntimeException e) {
      return out;
    }
    Variable fresh = Variable.of(freshName(c), node.shape().dims());
    out.add(replace(c, node, fresh, c.point().with(fresh, value)));
    return out;
  }

  private static String freshName(FuzzCase c) {
    for (int i = 1; ; i++) {
      String name = "z" + i;
      if (c.point().get(name).isEmpty()) {
        return name;
      }
    }
  }

  /** The case with every use of {@code node} replaced by {@code by}; null if it does not build. */
  private static FuzzCase replace(FuzzCase c, Expr node, Expr by, Bindings point) {
    try {
      Map<Expr, Expr> rebuilt = new IdentityHashMap<>();
      rebuilt.put(node, by);
      Expr expression = substitute(c.expression(), rebuilt);
      FuzzCase shrunk = new FuzzCase(c.seed(), expression, point);
      return new FuzzCase(c.seed(), expression, shrunk.usedPoint());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code root} rebuilt bottom-up with the replacements in {@code rebuilt} (which it extends). */
  static Expr substitute(Expr root, Map<Expr, Expr> rebuilt) {
    for (Expr e : Graph.topologicalOrder(List.of(root))) {
      if (rebuilt.containsKey(e)) {
        continue;
      }
      if (e.inputs().isEmpty()) {
        rebuilt.put(e, e);
        continue;
      }
      List<Expr> inputs = new ArrayList<>(e.inputs().size());
      boolean changed = false;
      for (Expr input : e.inputs()) {
        Expr r = rebuilt.get(input);
        inputs.add(r);
        changed |= r != input;
      }
      rebuilt.put(e, changed ? Expr.apply(e.op(), inputs) : e);
    }
    return rebuilt.get(root);
  }
}
