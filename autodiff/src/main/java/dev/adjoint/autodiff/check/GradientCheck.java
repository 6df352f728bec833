package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Checks the symbolic gradient of a scalar loss against central finite differences, and
 * hand-derived gradients against both:
 *
 * <pre>{@code
 * GradientCheckReport report = GradientCheck.of(loss).withRespectTo(W, b).at(bindings);
 * assert report.passed() : report;
 * }</pre>
 *
 * <p><b>Finite differences.</b> Each element {@code x} is perturbed by its own step {@code h =
 * ε^(1/3)·max(1, |x|)} (ε the machine epsilon), rounded so that {@code x + h} is exact, and {@code
 * f′ ≈ (f(x + h) − f(x − h)) / 2h}, whose error is {@code O(h²)}. With {@link #withRichardson()},
 * {@code h = ε^(1/5)·max(1, |x|)} and {@code f′ ≈ (4·D(h/2) − D(h)) / 3}, error {@code O(h⁴)}. The
 * loss is evaluated through one compiled {@link Program} and one workspace: only the perturbed
 * variable is set again before each run.
 *
 * <p><b>Tolerance.</b> An element passes when {@code |autodiff − fd| ≤ tolerance.bound + noise},
 * where {@code noise ≈ c·ε·max|f| / h} is the rounding error of the difference quotient itself.
 *
 * <p><b>Kinks.</b> For every piecewise op of the loss ({@code relu}, {@code abs}, {@code max},
 * {@code min}, {@code where}, comparisons, {@code sign}) the check also evaluates which branch is
 * taken; an element whose stencil changes a branch is listed as a {@link Kink} instead of judged.
 *
 * <p><b>Hand-derived gradients</b> ({@link #withHandDerived}) are compared with autodiff at the
 * point and with finite differences; given as expressions, they are also compared as formulas:
 * identical after the canonical form, or else evaluated at several random points near the checked
 * one.
 *
 * <p>Instances are immutable; each {@code with} method returns a new check.
 */
public final class GradientCheck {
  /** The default tolerance of autodiff (and hand-derived) against finite differences. */
  public static final Tolerance DEFAULT_TOLERANCE = Tolerance.of(1e-6, 1e-10);

  /** The default tolerance of hand-derived against autodiff gradients. */
  public static final Tolerance DEFAULT_HAND_TOLERANCE = Tolerance.of(1e-9, 1e-12);

  private static final double EPSILON = Math.ulp(1.0);
  private static final double CENTRAL_STEP = Math.cbrt(EPSILON);
  private static final double RICHARDSON_STEP = Math.pow(EPSILON, 0.2);

  private final Expr loss;
  private final ImmutableList<Variable> wrt;
  private final ImmutableMap<Variable, HandGradient> hand;
  private final boolean richardson;
  private final Tolerance tolerance;
  private final Tolerance handTolerance;
  private final int randomPoints;
  private final long seed;
  private final boolean raw;
  private final UnaryOperator<Expr> canonicalForm;

  private GradientCheck(
      Expr loss,
      List<Variable> wrt,
      Map<Variable, HandGradient> hand,
      boolean richardson,
      Tolerance tolerance,
      Tolerance handTolerance,
      int randomPoints,
      long seed,
      boolean raw,
      UnaryOperator<Expr> canonicalForm) {
    this.loss = loss;
    this.wrt = ImmutableList.copyOf(wrt);
    this.hand = ImmutableMap.copyOf(hand);
    this.richardson = richardson;
    this.tolerance = tolerance;
    this.handTolerance = handTolerance;
    this.randomPoints = randomPoints;
    this.seed = seed;
    this.raw = raw;
    this.canonicalForm = canonicalForm;
  }

  /**
   * A check of {@code loss}'s gradient with respect to all its variables, with central differences
   * and the default tolerances.
   *
   * @throws IllegalArgumentException when the loss is not a scalar
   */
  public static GradientCheck of(Expr loss) {
    checkNotNull(loss, "loss");
    if (!loss.shape().isScalar()) {
      throw new IllegalArgumentException(
          "a gradient check needs a scalar loss, but "
              + Reports.describe(loss)
              + " has shape "
              + loss.shape());
    }
    return new GradientCheck(
        loss,
        List.of(),
        Map.of(),
        false,
        DEFAULT_TOLERANCE,
        DEFAULT_HAND_TOLERANCE,
        5,
        0x5EEDL,
        false,
        Simplifier::simplify);
  }

  /** Checks only these variables (by default: every variable of the loss). */
  public GradientCheck withRespectTo(Variable... variables) {
    checkArgument(variables.length > 0, "name at least one variable to check");
    for (Variable v : variables) {
      checkNotNull(v, "variable");
    }
    return new GradientCheck(
        loss,
        List.of(variables),
        hand,
        richardson,
        tolerance,
        handTolerance,
        randomPoints,
        seed,
        raw,
        canonicalForm);
  }

  /** Also compares a hand-derived gradient expression for {@code v}. */
  public GradientCheck withHandDerived(Variable v, Expr gradient) {
    return withHandDerived(v, HandGradient.of(gradient));
  }

  /** Also compares a hand-derived gradient computed by plain Java code for {@code v}. */
  public GradientCheck withHandDerived(Variable v, Function<Bindings, Tensor> gradient) {
    return withHandDerived(v, HandGradient.of(gradient));
  }

  /**
   * Also compares a hand-derived gradient for {@code v}; {@code v} is checked even if not named in
   * {@link #withRespectTo}.
   *
   * @throws IllegalArgumentException when an expression's shape differs from {@code v}'s
   */
  public GradientCheck withHandDerived(Variable v, HandGradient gradient) {
    checkNotNull(v, "variable");
    checkNotNull(gradient, "hand-derived gradient");
    gradient
        .expression()
        .ifPresent(
            e ->
                checkArgument(
                    e.shape().equals(v.shape()),
                    "the hand-derived gradient for %s has shape %s, but %s has shape %s",
                    v.name(),
                    e.shape(),
                    v.name(),
                    v.shape()));
    Map<Variable, HandGradient> more = new LinkedHashMap<>(hand);
    more.put(v, gradient);
    return new GradientCheck(
        loss,
        wrt,
        more,
        richardson,
        tolerance,
        handTolerance,
        randomPoints,
        seed,
        raw,
        canonicalForm);
  }

  /**
   * Checks the gradients as backprop builds them ({@link Gradients#raw}) instead of the simplified
   * ones ({@link Gradients#of}): the op's derivative rules alone, without the simplifier.
   */
  public GradientCheck withRawGradients() {
    return new GradientCheck(
        loss,
        wrt,
        hand,
        richardson,
        tolerance,
        handTolerance,
        randomPoints,
        seed,
        true,
        canonicalForm);
  }

  /** Uses Richardson extrapolation of central differences: error O(h⁴), twice the evaluations. */
  public GradientCheck withRichardson() {
    return new GradientCheck(
        loss, wrt, hand, true, tolerance, handTolerance, randomPoints, seed, raw, canonicalForm);
  }

  /** The tolerance against finite differences, on top of their estimated rounding error. */
  public GradientCheck withTolerance(Tolerance tolerance) {
    checkNotNull(tolerance, "tolerance");
    return new GradientCheck(
        loss,
        wrt,
        hand,
        richardson,
        tolerance,
        handTolerance,
        randomPoints,
        seed,
        raw,
        canonicalForm);
  }

  /** The tolerance of hand-derived against autodiff gradients. */
  public GradientCheck withHandTolerance(Tolerance handTolerance) {
    checkNotNull(handTolerance, "tolerance");
    return new GradientCheck(
        loss,
        wrt,
        hand,
        richardson,
        tolerance,
        handTolerance,
        randomPoints,
        seed,
        raw,
        canonicalForm);
  }

  /**
   * How many random points to compare non-identical hand and autodiff formulas at, and the seed.
   */
  public GradientCheck withRandomPoints(int count, long seed) {
    checkArgument(count >= 0, "negative number of random points: %s", count);
    return new GradientCheck(
        loss, wrt, hand, richardson, tolerance, handTolerance, count, seed, raw, canonicalForm);
  }

  /**
   * The canonical form applied to hand-derived and autodiff expressions before they are compared as
   * formulas: by default {@link Simplifier#simplify}, after which equal formulas are usually the
   * same node (expressions are hash-consed).
   */
  public GradientCheck withCanonicalForm(UnaryOperator<Expr> canonicalForm) {
    checkNotNull(canonicalForm, "canonical form");
    return new GradientCheck(
        loss,
        wrt,
        hand,
        richardson,
        tolerance,
        handTolerance,
        randomPoints,
        seed,
        raw,
        canonicalForm);
  }

  /**
   * Runs the check at {@code point}.
   *
   * @throws BindingException when a variable of the loss or of a hand-derived gradient is unbound
   *     or bound to a value of another shape
   */
  public GradientCheckReport at(Bindings point) {
    checkNotNull(point, "point");
    List<Variable> variables = variablesToCheck();
    Variable[] wrtArray = variables.toArray(new Variable[0]);
    Gradients gradients = raw ? Gradients.raw(loss, wrtArray) : Gradients.of(loss, wrtArray);
    List<Tensor> autodiff = Program.compile(gradients.list()).run(point);

    List<Expr> unlocated = new ArrayList<>();
    List<KinkSignature> signatures = KinkSignature.of(loss, unlocated);
    FiniteDifferences fd =
        new FiniteDifferences(
            loss,
            signatures,
            unlocated,
            point,
            richardson ? RICHARDSON_STEP : CENTRAL_STEP,
            richardson);

    List<VariableReport> reports = new ArrayList<>();
    for (int k = 0; k < variables.size(); k++) {
      Variable v = variables.get(k);
      reports.add(check(v, autodiff.get(k), fd.gradient(v, point), gradients.of(v), point));
    }
    String method =
        richardson
            ? "Richardson-extrapolated central differences, h = ε^(1/5)·max(1, |x|)"
            : "central differences, h = ε^(1/3)·max(1, |x|)";
    return new GradientCheckReport(
        Reports.describe(loss),
        method
            + "; tolerance "
            + tolerance
            + " + rounding estimate"
            + (raw ? "; raw backprop gradients" : ""),
        reports);
  }

  /** The comparisons for one variable. */
  private VariableReport check(
      Variable v, Tensor autodiff, FiniteDifferences.Result numeric, Expr formula, Bindings point) {
    Agreement adVsFd =
        Agreement.compare(
            "autodiff",
            autodiff,
            "finite differences",
            numeric.values(),
            finiteDifferenceBounds(autodiff, numeric),
            numeric.steps(),
            numeric.atKink());
    HandGradient h = hand.get(v);
    if (h == null) {
      return new VariableReport(
          v,
          autodiff,
          numeric.values(),
          adVsFd,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          numeric.kinks());
    }
    Tensor handValue = h.evaluate(point);
    checkArgument(
        handValue.shape().equals(v.shape()),
        "the hand-derived gradient for %s has shape %s, but %s has shape %s",
        v.name(),
        handValue.shape(),
        v.name(),
        v.shape());
    double[] handBounds = new double[autodiff.size()];
    for (int i = 0; i < handBounds.length; i++) {
      handBounds[i] = handTolerance.bound(handValue.getFlat(i), autodiff.getFlat(i));
    }
    // At a kink the two may pick different one-sided derivatives (relu′(0)): not judged.
    Agreement handVsAd =
        Agreement.compare(
            "hand", handValue, "autodiff", autodiff, handBounds, null, numeric.atKink());
    Agreement handVsFd =
        Agreement.compare(
            "hand",
            handValue,
            "finite differences",
            numeric.values(),
            finiteDifferenceBounds(handValue, numeric),
            numeric.steps(),
            numeric.atKink());
    Optional<SymbolicComparison> symbolic =
        h.expression().map(e -> compareFormulas(e, formula, point));
    return new VariableReport(
        v,
        autodiff,
        numeric.values(),
        adVsFd,
        Optional.of(handVsAd),
        Optional.of(handVsFd),
        symbolic,
        numeric.kinks());
  }

  /** The allowed difference from finite differences: the tolerance plus their rounding error. */
  private double[] finiteDifferenceBounds(Tensor gradient, FiniteDifferences.Result numeric) {
    double[] bounds = new double[gradient.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] =
          tolerance.bound(gradient.getFlat(i), numeric.values().getFlat(i)) + numeric.noise()[i];
    }
    return bounds;
  }

  private List<Variable> variablesToCheck() {
    Set<Variable> variables = new LinkedHashSet<>(wrt);
    if (wrt.isEmpty()) {
      variables.addAll(Program.compile(loss).variables());
    }
    variables.addAll(hand.keySet());
    checkArgument(!variables.isEmpty(), "the loss %s has no variables to check", loss);
    return List.copyOf(variables);
  }

  /** Identical after the canonical form, or else compared in value at random points. */
  private SymbolicComparison compareFormulas(Expr handFormula, Expr autodiff, Bindings point) {
    if (canonicalForm.apply(handFormula) == canonicalForm.apply(autodiff)) {
      return SymbolicComparison.identicalExpressions();
    }
    Program both = Program.compile(handFormula, autodiff);
    Random random = new Random(seed);
    List<SymbolicComparison.Mismatch> mismatches = new ArrayList<>();
    int comparable = 0;
    for (int p = 0; p < randomPoints; p++) {
      List<Tensor> values = both.run(randomPointNear(point, random));
      Tensor h = values.get(0);
      Tensor a = values.get(1);
      if (!h.isFinite() || !a.isFinite()) {
        continue;
      }
      comparable++;
      for (int i = 0; i < h.size(); i++) {
        if (!handTolerance.accepts(h.getFlat(i), a.getFlat(i))) {
          mismatches.add(
              new SymbolicComparison.Mismatch(
                  p,
                  h.shape().index(i),
                  h.getFlat(i),
                  a.getFlat(i),
                  handTolerance.bound(h.getFlat(i), a.getFlat(i))));
        }
      }
    }
    return SymbolicComparison.numeric(randomPoints, comparable, mismatches);
  }

  /**
   * Every bound value scaled by {@code e^(0.3·z)}, z standard normal (so signs, and with them the
   * domains of log and sqrt, are kept); zeros become {@code 0.3·z}.
   */
  private static Bindings randomPointNear(Bindings point, Random random) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    point
        .asMap()
        .forEach(
            (name, t) -> {
              double[] v = t.toArray();
              for (int i = 0; i < v.length; i++) {
                double z = 0.3 * random.nextGaussian();
                v[i] = v[i] == 0 ? z : v[i] * Math.exp(z);
              }
              values.put(name, Tensor.wrap(t.shape(), v));
            });
    return Bindings.copyOf(values);
  }
}
