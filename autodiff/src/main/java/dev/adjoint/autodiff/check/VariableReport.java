package dev.adjoint.autodiff.check;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Optional;

/**
 * The check of one variable's gradient: autodiff against finite differences, and, when a
 * hand-derived gradient was given, hand against autodiff (in value and as formulas) and against
 * finite differences; plus the elements skipped at kinks.
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
  private final Optional<Agreement> handVsAutodiff;
  private final Optional<Agreement> handVsFiniteDifferences;
  private final Optional<SymbolicComparison> symbolic;
  private final ImmutableList<Kink> kinks;

  VariableReport(
      Variable variable,
      Tensor autodiff,
      Tensor finiteDifferences,
      Agreement autodiffVsFiniteDifferences,
      Optional<Agreement> handVsAutodiff,
      Optional<Agreement> handVsFiniteDifferences,
      Optional<SymbolicComparison> symbolic,
      List<Kink> kinks) {
    this.variable = variable;
    this.autodiff = autodiff;
    this.finiteDifferences = finiteDifferences;
    this.autodiffVsFiniteDifferences = autodiffVsFiniteDifferences;
    this.handVsAutodiff = handVsAutodiff;
    this.handVsFiniteDifferences = handVsFiniteDifferences;
    this.symbolic = symbolic;
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

  /** The finite-difference gradient at the point (meaningless at the {@link #kinks}). */
  public Tensor finiteDifferences() {
    return finiteDifferences;
  }

  /** Autodiff against finite differences. */
  public Agreement autodiffVsFiniteDifferences() {
    return autodiffVsFiniteDifferences;
  }

  /** The hand-derived gradient against autodiff at the point, when one was given. */
  public Optional<Agreement> handVsAutodiff() {
    return handVsAutodiff;
  }

  /** The hand-derived gradient against finite differences, when one was given. */
  public Optional<Agreement> handVsFiniteDifferences() {
    return handVsFiniteDifferences;
  }

  /** The hand-derived expression against the autodiff expression, when one was given. */
  public Optional<SymbolicComparison> symbolic() {
    return symbolic;
  }

  /** The elements whose finite-difference stencil crosses a kink; not judged. */
  public List<Kink> kinks() {
    return kinks;
  }

  /** Whether autodiff matches finite differences on every element away from kinks. */
  public boolean autodiffMatchesFiniteDifferences() {
    return autodiffVsFiniteDifferences.passed();
  }

  /**
   * Whether the hand-derived gradient (if any) agrees with autodiff at the point and, when given as
   * an expression, at the random points.
   */
  public boolean handMatchesAutodiff() {
    return handVsAutodiff.map(Agreement::passed).orElse(true)
        && symbolic.map(SymbolicComparison::agrees).orElse(true);
  }

  /** Whether every comparison made for this variable passed. */
  public boolean passed() {
    return autodiffMatchesFiniteDifferences()
        && handMatchesAutodiff()
        && handVsFiniteDifferences.map(Agreement::passed).orElse(true);
  }

  /** A few indented lines: one per comparison, then the kinks. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(variable.name()).append(' ').append(variable.shape()).append(": ");
    sb.append(passed() ? "ok" : "FAILED").append('\n');
    sb.append("    ").append(autodiffVsFiniteDifferences).append('\n');
    handVsAutodiff.ifPresent(a -> sb.append("    ").append(a).append('\n'));
    symbolic.ifPresent(s -> sb.append("    ").append(s).append('\n'));
    handVsFiniteDifferences.ifPresent(a -> sb.append("    ").append(a).append('\n'));
    if (!kinks.isEmpty()) {
      sb.append("    near a kink, not judged (").append(kinks.size()).append("): ");
      for (int i = 0; i < Math.min(SHOWN_KINKS, kinks.size()); i++) {
        sb.append(i == 0 ? "" : "; ").append(kinks.get(i));
      }
      if (kinks.size() > SHOWN_KINKS) {
        sb.append("; and ").append(kinks.size() - SHOWN_KINKS).append(" more");
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
