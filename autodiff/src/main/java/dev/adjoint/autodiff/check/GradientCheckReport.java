package dev.adjoint.autodiff.check;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Variable;
import java.util.List;

/**
 * The result of a {@link GradientCheck}: an {@link Outcome} and one {@link VariableReport} per
 * variable. Its {@code toString} is the text a failing test shows.
 *
 * <p>Immutable and thread-safe.
 */
public final class GradientCheckReport {
  private final String loss;
  private final String method;
  private final ImmutableList<String> notes;
  private final ImmutableList<VariableReport> variables;

  GradientCheckReport(
      String loss, String method, List<String> notes, List<VariableReport> variables) {
    this.loss = loss;
    this.method = method;
    this.notes = ImmutableList.copyOf(notes);
    this.variables = ImmutableList.copyOf(variables);
  }

  /** FAIL if any variable failed, else INCONCLUSIVE if any was, else PASS. */
  public Outcome outcome() {
    Outcome o = Outcome.PASS;
    for (VariableReport r : variables) {
      o = o.and(r.outcome());
    }
    return o;
  }

  /** Whether the outcome is PASS: every element judged and every comparison agreed. */
  public boolean passed() {
    return outcome() == Outcome.PASS;
  }

  /** Whether autodiff matches finite differences at every element of every variable. */
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

  /** Notes about the whole check, such as where a non-finite loss comes from. */
  public List<String> notes() {
    return notes;
  }

  /** The warnings of every variable. */
  public List<String> warnings() {
    return variables.stream().flatMap(r -> r.warnings().stream()).toList();
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

  /** The number of elements that could not be judged numerically, over all variables. */
  public int notJudgedElements() {
    return variables.stream()
        .mapToInt(r -> r.autodiffVsFiniteDifferences().notJudgedElements())
        .sum();
  }

  private List<String> names() {
    return variables.stream().map(r -> r.variable().name()).toList();
  }

  /** The loss checked, abbreviated. */
  public String loss() {
    return loss;
  }

  /** A header with the loss, the outcome and the method, then each variable's lines. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("gradient check of ").append(loss).append(": ").append(outcome());
    if (outcome() == Outcome.INCONCLUSIVE) {
      int n = notJudgedElements();
      sb.append(" (").append(n).append(n == 1 ? " element" : " elements");
      sb.append(" could not be judged numerically; not a pass)");
    }
    sb.append('\n');
    sb.append(Reports.wrap("  ", "    ", method)).append('\n');
    for (String note : notes) {
      sb.append("  ").append(note.replace("\n", "\n  ")).append('\n');
    }
    for (VariableReport r : variables) {
      sb.append("  ").append(r.toString().stripTrailing().replace("\n", "\n  ")).append('\n');
    }
    return Reports.wrapLines(sb.toString(), Reports.WIDTH + 8);
  }
}
