package dev.adjoint.autodiff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.simplify.Rule;
import dev.adjoint.autodiff.simplify.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each simplifier rule alone: applied at one node of a random expression, its result has the node's
 * value at the point (to 1e-10, norm-wise), wherever that value is finite. A failure is shrunk to
 * the smallest node the rule still gets wrong.
 */
class RuleByRuleTest {
  static LongStream blocks() {
    return DifferentialTest.blocks();
  }

  @ParameterizedTest(name = "seeds from {0}")
  @MethodSource("blocks")
  void everyRuleKeepsTheValueOfTheNodeItRewrites(long first) {
    long last =
        Math.min(
            first + DifferentialTest.BLOCK, DifferentialTest.FIRST_SEED + DifferentialTest.COUNT);
    List<String> failures = new ArrayList<>();
    int compared = 0;
    for (long seed = first; seed < last && failures.size() < 3; seed++) {
      FuzzCase c = DifferentialTest.generate(seed);
      for (Expr node : Graph.topologicalOrder(List.of(c.expression()))) {
        for (Rule rule : Rules.all()) {
          if (KnownBadRules.KNOWN_BAD_RULES.contains(rule.name())) {
            continue;
          }
          FuzzCase at = new FuzzCase(seed, node, c.point());
          Outcome o = check(rule, at);
          compared += o.status() == Outcome.Status.PASSED ? 1 : 0;
          if (o.failed()) {
            FuzzCase shrunk = Shrinker.shrink(at, candidate -> check(rule, candidate).failed());
            failures.add(
                "rule "
                    + rule.name()
                    + " fails (seed "
                    + seed
                    + ")\n"
                    + shrunk.describe()
                    + "  "
                    + check(rule, shrunk).message()
                    + "\n");
            break;
          }
        }
      }
    }
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
    assertThat(compared)
        .as("rewrites compared with the node they replace, in seeds %d..%d", first, last - 1)
        .isGreaterThanOrEqualTo((int) (last - first) / 2);
  }

  /** The rule applied at the root of the case's expression keeps its value. */
  static Outcome check(Rule rule, FuzzCase c) {
    Expr node = c.expression();
    Optional<Expr> rewritten;
    try {
      rewritten = rule.apply(node);
    } catch (RuntimeException e) {
      return Outcome.failed("rule " + rule.name() + " threw " + e + " on " + node);
    }
    if (rewritten.isEmpty()) {
      return Outcome.skipped();
    }
    Tensor reference;
    try {
      reference = Property.eval(node, c.point());
    } catch (RuntimeException e) {
      return Outcome.skipped();
    }
    if (!reference.isFinite() || Conditioning.nearDiscontinuity(node, c.point())) {
      return Outcome.skipped();
    }
    Tensor value = Property.eval(rewritten.get(), c.point());
    return Norms.agree("rule " + rule.name(), rewritten.get(), value, reference);
  }

  /**
   * Rules whose pattern never survives building a node ({@code Expr.apply} already rewrites {@code
   * −(−x)}, {@code (xᵀ)ᵀ}, {@code x^1} and folds constants), so no built expression shows it.
   */
  private static final Set<String> SUBSUMED_BY_BUILD =
      Set.of("neg-neg", "transpose-transpose", "pow-one", "fold-constants");

  private static boolean fires(Rule rule, Expr node) {
    try {
      return rule.apply(node).isPresent();
    } catch (RuntimeException e) {
      return true; // everyRuleKeepsTheValueOfTheNodeItRewrites reports it
    }
  }

  @Test
  void everyRuleFiresOnTheGeneratedExpressions() {
    Map<String, Integer> fired = new TreeMap<>();
    for (Rule rule : Rules.all()) {
      fired.put(rule.name(), 0);
    }
    for (long seed = 1; seed <= 3_000; seed++) {
      FuzzCase c = DifferentialTest.generate(seed);
      for (Expr node : Graph.topologicalOrder(List.of(c.expression()))) {
        for (Rule rule : Rules.all()) {
          if (fires(rule, node)) {
            fired.merge(rule.name(), 1, Integer::sum);
          }
        }
      }
    }
    SUBSUMED_BY_BUILD.forEach(fired::remove);
    assertThat(fired).as("how often each rule fired").doesNotContainValue(0);
  }
}
