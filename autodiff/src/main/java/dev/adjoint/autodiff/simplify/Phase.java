package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.op.Op;
import java.util.List;
import java.util.function.Predicate;

/**
 * A group of rules applied together to a fixpoint, such as {@code canonicalize} or {@code
 * stabilize}. Rules are tried in order; the first that applies wins. The rules are indexed by their
 * root op, so a node is offered only the rules that can match its op.
 *
 * <p>A phase is immutable and safe to share between threads.
 */
public final class Phase {
  private final String name;
  private final List<Rule> rules;

  /** Per op class, the rules whose root it is (or that try every op), in order. */
  private final ClassValue<Rule[]> index =
      new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected Rule[] computeValue(Class<?> op) {
          return rules.stream()
              .filter(r -> r.triesOn((Class<? extends Op>) op))
              .toArray(Rule[]::new);
        }
      };

  private Phase(String name, List<Rule> rules) {
    this.name = checkNotNull(name, "name");
    checkArgument(!rules.isEmpty(), "phase %s has no rules", name);
    this.rules = List.copyOf(rules);
  }

  /** The phase {@code name} with these rules, tried in this order. */
  public static Phase of(String name, Rule... rules) {
    return new Phase(name, List.of(rules));
  }

  /** The phase {@code name} with these rules, tried in this order. */
  public static Phase of(String name, List<Rule> rules) {
    return new Phase(name, rules);
  }

  /** The phase's name. */
  public String name() {
    return name;
  }

  /** The rules, in the order they are tried. */
  public List<Rule> rules() {
    return rules;
  }

  /** This phase without the rules {@code drop} selects, or null when none would remain. */
  Phase without(String suffix, Predicate<Rule> drop) {
    List<Rule> kept = rules.stream().filter(drop.negate()).toList();
    return kept.isEmpty() ? null : new Phase(name + suffix, kept);
  }

  /** The rules that can match a node of this op class, in order. */
  Rule[] rulesFor(Class<? extends Op> op) {
    return index.get(op);
  }

  @Override
  public String toString() {
    return name + rules.stream().map(Rule::name).toList();
  }
}
