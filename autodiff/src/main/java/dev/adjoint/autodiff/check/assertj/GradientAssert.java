package dev.adjoint.autodiff.check.assertj;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.check.HandGradient;
import dev.adjoint.autodiff.check.Tolerance;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about the gradient of a scalar loss: name the variables and the point, then assert. An
 * assertion holds only when its comparisons have the outcome PASS: a FAIL or an INCONCLUSIVE check
 * (elements that could not be judged) fails, with the full {@link GradientCheckReport} as the
 * message.
 *
 * <p>Not thread-safe, like every AssertJ assertion (it keeps the check being configured); use one
 * per thread.
 */
public final class GradientAssert extends AbstractAssert<GradientAssert, Expr> {
  private GradientCheck check;
  private List<Variable> variables = List.of();
  private Bindings point;

  GradientAssert(Expr loss) {
    super(loss, GradientAssert.class);
  }

  /** The variables to differentiate with respect to (by default all of the loss's). */
  public GradientAssert withRespectTo(Variable... variables) {
    this.variables = List.of(variables);
    check = check().withRespectTo(variables);
    return this;
  }

  /** The point to check at. */
  public GradientAssert at(Bindings point) {
    this.point = point;
    return this;
  }

  /** Uses Richardson extrapolation for the finite differences. */
  public GradientAssert withRichardson() {
    check = check().withRichardson();
    return this;
  }

  /** Checks backprop's gradients before simplification ({@link GradientCheck#withRawGradients}). */
  public GradientAssert withRawGradients() {
    check = check().withRawGradients();
    return this;
  }

  /**
   * Evaluates through a finite-checking program: the first NaN or infinity throws {@link
   * dev.adjoint.autodiff.NonFiniteException} saying where it arose ({@link
   * GradientCheck#checkingFinite}).
   */
  public GradientAssert checkingFinite() {
    check = check().checkingFinite();
    return this;
  }

  /** The tolerance against finite differences, on top of their estimated error. */
  public GradientAssert withTolerance(Tolerance tolerance) {
    check = check().withTolerance(tolerance);
    return this;
  }

  /** Autodiff agrees with finite differences for every variable, away from kinks. */
  public GradientAssert matchesFiniteDifferences() {
    GradientCheckReport report = check().at(point());
    if (!report.autodiffMatchesFiniteDifferences()) {
      failWithMessage("%s", report.toString());
    }
    return this;
  }

  /** Autodiff agrees with a hand-derived gradient expression for the one variable named. */
  public GradientAssert isCloseTo(Expr handDerived, Tolerance tolerance) {
    return isCloseTo(HandGradient.of(handDerived), tolerance);
  }

  /** Autodiff agrees with a hand-derived gradient computed in plain Java for the one variable. */
  public GradientAssert isCloseTo(Function<Bindings, Tensor> handDerived, Tolerance tolerance) {
    return isCloseTo(HandGradient.of(handDerived), tolerance);
  }

  /**
   * Autodiff agrees with a hand-derived gradient at the point (and, for an expression, as a
   * formula: identical, or equal at random points), within {@code tolerance}.
   */
  public GradientAssert isCloseTo(HandGradient handDerived, Tolerance tolerance) {
    GradientCheckReport report =
        check()
            .withHandDerived(onlyVariable(), handDerived)
            .withHandTolerance(tolerance)
            .at(point());
    if (!report.handMatchesAutodiff()) {
      failWithMessage("%s", report.toString());
    }
    return this;
  }

  /** The full check with a hand-derived gradient: hand, autodiff and finite differences agree. */
  public GradientAssert agreesWithHandDerivedAndFiniteDifferences(Expr handDerived) {
    GradientCheckReport report = check().withHandDerived(onlyVariable(), handDerived).at(point());
    if (!report.passed()) {
      failWithMessage("%s", report.toString());
    }
    return this;
  }

  private GradientCheck check() {
    isNotNull();
    if (check == null) {
      check = GradientCheck.of(actual);
    }
    return check;
  }

  private Bindings point() {
    if (point == null) {
      failWithMessage("name the point to check at with at(bindings)");
    }
    return point;
  }

  private Variable onlyVariable() {
    if (variables.size() != 1) {
      failWithMessage(
          "name exactly one variable with withRespectTo(...) to compare a hand-derived gradient;"
              + " named: %s",
          variables);
    }
    return variables.get(0);
  }
}
