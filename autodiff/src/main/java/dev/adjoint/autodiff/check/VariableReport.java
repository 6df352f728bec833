package dev.adjoint.autodiff.check;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Optional;

/**
 * The check of one variable's gradient: autodiff against finite differences (or, at a kink, against
 * the one-sided derivatives); and, when a hand-derived gradient was given, hand against autodiff at
 * every element and as formulas, with a diagnosis when they differ.
 *
 * <p>Immutable and thread-safe.
 */
public final class VariableReport {
  /** Kinks listed in {@link #toString}; the rest are counted. */
  private static final int SHOWN_KINKS = 3;

  private final Variable variable;
  private final Tensor autodiff;
  private final Tensor finiteDifferences;
  private final Agreement autodiffVsFiniteDifferences;
  private final Optional<Tensor> hand;
  private final Optional<Agreement> handVsAutodiff;
  private final Optional<SymbolicComparison> symbolic;
  private final ImmutableList<String> diagnosis;
  private final ImmutableList<Kink> kinks;

  VariableReport(
      Variable variable,
      Tensor autodiff,
      Tensor finiteDifferences,
      Agreement autodiffVsFiniteDifferences,
      Optional<Tensor> hand,
      Optional<Agreement> handVsAutodiff,
      Optional<SymbolicComparison> symbolic,
      List<String> diagnosis,
      List<Kink> kinks) {
    this.variable = variable;
    this.autodiff = autodiff;
    this.finiteDifferences = finiteDifferences;
    this.autodiffVsFiniteDifferences = autodiffVsFiniteDifferences;
    this.hand = hand;
    this.handVsAutodiff = handVsAutodiff;
    this.symbolic = symbolic;
    this.diagnosis = ImmutableList.copyOf(diagnosis);
    this.kinks = ImmutableList.copyOf(kinks);
  }

  /** The variable. */
  public Variable variable() {
    return variable;
  }

  /** The autodiff gradient at the point. */
  public Tensor autodiff() {
    return autodiff;
  }

  /** The hand-derived gradient at the point, when one was given. */
  public Optional<Tensor> hand() {
    return hand;
  }

  /** The finite-difference gradient at the point (NaN where not smooth: see {@link #kinks}). */
  public Tensor finiteDifferences() {
    return finiteDifferences;
  }

  /** Autodiff against finite differences. */
  public Agreement autodiffVsFiniteDifferences() {
    return autodiffVsFiniteDifferences;
  }

  /** The hand-derived gradient against autodiff at every element, when one was given. */
  public Optional<Agreement> handVsAutodiff() {
    return handVsAutodiff;
  }

  /** The hand-derived expression against the autodiff expression, when one was given. */
  public Optional<SymbolicComparison> symbolic() {
    return symbolic;
  }

  /**
   * When hand and autodiff differ: what they have in common (a constant factor, an offset, a
   * transpose, another variable's gradient) and both formulas; else empty.
   */
  public List<String> diagnosis() {
    return diagnosis;
  }

  /** The elements at a kink or jump of the loss. */
  public List<Kink> kinks() {
    return kinks;
  }

  /** Autodiff matches finite differences at every element (a kink: between the slopes). */
  public boolean autodiffMatchesFiniteDifferences() {
    return autodiffVsFiniteDifferences.outcome() == Outcome.PASS;
  }

  /**
   * Whether the hand-derived gradient (if any) agrees with autodiff at every element of the point
   * and, when given as an expression, as a function of the differentiated variables.
   */
  public boolean handMatchesAutodiff() {
    return handVsAutodiff.map(a -> a.outcome() == Outcome.PASS).orElse(true)
        && symbolic.map(SymbolicComparison::agrees).orElse(true);
  }

  /** FAIL on any disagreement, else INCONCLUSIVE when an element was not judged, else PASS. */
  public Outcome outcome() {
    Outcome o = autodiffVsFiniteDifferences.outcome();
    if (handVsAutodiff.isPresent()) {
      o = o.and(handVsAutodiff.get().outcome());
    }
    if (symbolic.isPresent() && !symbolic.get().agrees()) {
      o = Outcome.FAIL;
    }
    return o;
  }

  /** Whether the outcome is PASS. */
  public boolean passed() {
    return outcome() == Outcome.PASS;
  }

  /** The warnings: formulas that agree only for the user's values of some variables. */
  public List<String> warnings() {
    return symbolic.flatMap(SymbolicComparison::warning).stream().toList();
  }

  /** Indented lines: one block per comparison, the diagnosis, then the kinks. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(variable.name()).append(' ').append(variable.shape()).append(": ");
    sb.append(outcome()).append('\n');
    append(sb, autodiffVsFiniteDifferences.toString());
    handVsAutodiff.ifPresent(a -> append(sb, a.toString()));
    for (String d : diagnosis) {
      append(sb, "  " + d.replace("\n", "\n  "));
    }
    symbolic.ifPresent(s -> append(sb, s.toString()));
    if (!kinks.isEmpty()) {
      sb.append("  kinks (").append(kinks.size()).append("):\n");
      for (int i = 0; i < Math.min(SHOWN_KINKS, kinks.size()); i++) {
        sb.append("    ").append(kinks.get(i)).append('\n');
      }
      if (kinks.size() > SHOWN_KINKS) {
        sb.append("    and ").append(kinks.size() - SHOWN_KINKS).append(" more\n");
      }
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String block) {
    sb.append("  ").append(block.replace("\n", "\n  ")).append('\n');
  }
}
