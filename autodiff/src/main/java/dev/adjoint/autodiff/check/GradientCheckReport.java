package dev.adjoint.autodiff.check;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Variable;
import java.util.List;

/**
 * The result of a {@link GradientCheck}: one {@link VariableReport} per variable. Its {@code
 * toString} is the text a failing test shows.
 *
 * <p>Immutable and thread-safe.
 */
public final class GradientCheckReport {
  private final String loss;
  private final String method;
  private final ImmutableList<VariableReport> variables;

  GradientCheckReport(String loss, String method, List<VariableReport> variables) {
    this.loss = loss;
    this.method = method;
    this.variables = ImmutableList.copyOf(variables);
  }

  /** Whether every comparison of every variable passed (elements at kinks are not judged). */
  public boolean passed() {
    return variables.stream().allMatch(VariableReport::passed);
  }

  /** Whether autodiff matches finite differences for every variable. */
  public boolean autodiffMatchesFiniteDifferences() {
    return variables.stream().allMatch(VariableReport::autodiffMatchesFiniteDifferences);
  }

  /** Whether every hand-derived gradient matches autodiff. */
  public boolean handMatchesAutodiff() {
    return variables.stream().allMatch(VariableReport::handMatchesAutodiff);
  }

  /** The reports, in the order the variables were named. */
  public List<VariableReport> variables() {
    return variables;
  }

  /**
   * The report for {@code v}.
   *
   * @throws IllegalArgumentException when {@code v} was not checked
   */
  public VariableReport variable(Variable v) {
    for (VariableReport r : variables) {
      if (r.variable().equals(v)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "variable " + v.name() + " was not checked; checked: " + names());
  }

  /** The kinks found, over all variables. */
  public int kinkCount() {
    return variables.stream().mapToInt(r -> r.kinks().size()).sum();
  }

  private List<String> names() {
    return variables.stream().map(r -> r.variable().name()).toList();
  }

  /** The loss checked, abbreviated. */
  public String loss() {
    return loss;
  }

  /** A header with the loss, the verdict and the method, then each variable's lines. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("gradient check of ").append(loss).append(": ");
    sb.append(passed() ? "passed" : "FAILED").append('\n');
    sb.append("  ").append(method).append('\n');
    for (VariableReport r : variables) {
      sb.append("  ").append(r);
    }
    return sb.toString();
  }
}
