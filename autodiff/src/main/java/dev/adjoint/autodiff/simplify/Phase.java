package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * A group of rules applied together to a fixpoint, such as {@code canonicalize} or {@code
 * stabilize}. Rules are tried in order; the first that applies wins.
 *
 * @param name the phase's name
 * @param rules the rules, in the order they are tried
 */
public record Phase(String name, List<Rule> rules) {

  /** Checks the name and copies the rules. */
  public Phase {
    checkNotNull(name, "name");
    checkArgument(!rules.isEmpty(), "phase %s has no rules", name);
    rules = List.copyOf(rules);
  }

  /** The phase {@code name} with these rules. */
  public static Phase of(String name, Rule... rules) {
    return new Phase(name, List.of(rules));
  }
}
