package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.NonFiniteException;
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
 * Checks the symbolic gradient of a scalar loss against finite differences, and hand-derived
 * gradients against autodiff:
 *
 * <pre>{@code
 * GradientCheckReport report = GradientCheck.of(loss).withRespectTo(W, b).at(bindings);
 * assert report.passed() : report;
 * }</pre>
 *
 * <p><b>Outcome.</b> {@link Outcome#PASS} when every element was judged and agreed, {@link
 * Outcome#FAIL} on any disagreement, {@link Outcome#INCONCLUSIVE} when some element could not be
 * judged numerically (the loss is not finite near it, jumps there, or its difference quotients do
 * not settle); only PASS is a pass.
 *
 * <p><b>Finite differences.</b> Each element {@code x} is perturbed by {@code h = ε^(1/3)·max(1,
 * |x|)} and {@code h/2} (ε the machine epsilon, rounded so that {@code x ± h} is exact); the
 * estimate is the central difference at {@code h/2}, its error estimated from the one at {@code h}.
 * With {@link #withRichardson()}, {@code h = ε^(1/5)·max(1, |x|)} and the central differences at
 * {@code h}, {@code h/2}, {@code h/4} are extrapolated. An element passes when {@code |autodiff −
 * fd| ≤ tolerance.bound + error estimate}.
 *
 * <p><b>Kinks are detected, not guessed</b> ({@link FiniteDifferences}): an element is a kink only
 * where the gap between the one-sided difference quotients keeps its size as the step halves; a
 * boundary where only the second derivative jumps (Huber, smooth L1, squared hinge) is smooth. At a
 * kink both one-sided derivatives are reported, and autodiff and hand-derived values between them
 * (subgradients) are accepted.
 *
 * <p><b>Hand-derived gradients</b> ({@link #withHandDerived}) are compared with autodiff at every
 * element, without finite differences. Given as expressions, they are also compared as formulas:
 * identical after the canonical form, or else at random points, first varying only the
 * differentiated variables (a difference fails the check), then every variable (a difference only
 * there is a warning naming the variables). A mismatch is diagnosed: a constant factor, an offset,
 * a sign flip, a transpose or swapped variables, and both formulas.
 *
 * <p>Instances are immutable; each {@code with} method returns a new check. With {@link
 * #withSampledElements}, large variables are checked on a random sample of their elements.
 *
 * <p>Not thread-safe: its settings are mutable fields; configure and run each check on one thread.
 */
public final class GradientCheck {
  /** The default tolerance of autodiff (and hand-derived) against finite differences. */
  public static final Tolerance DEFAULT_TOLERANCE = Tolerance.of(1e-6, 1e-10);

  /** The default tolerance of hand-derived against autodiff gradients. */
  public static final Tolerance DEFAULT_HAND_TOLERANCE = Tolerance.of(1e-9, 1e-12);

  private static final double EPSILON = Math.ulp(1.0);
  private static final double CENTRAL_STEP = Math.cbrt(EPSILON);
  private static final double RICHARDSON_STEP = Math.pow(EPSILON, 0.2);

  // Set once: by of() or, in a fresh copy, by one with-method; never changed afterwards.
  private final Expr loss;
  private ImmutableList<Variable> wrt = ImmutableList.of();
  private ImmutableMap<Variable, HandGradient> hand = ImmutableMap.of();
  private boolean richardson;
  private boolean raw;
  private Tolerance tolerance = DEFAULT_TOLERANCE;
  private Tolerance handTolerance = DEFAULT_HAND_TOLERANCE;
  private int randomPoints = 5;
  private long seed = 0x5EEDL;
  private int sampledElements; // 0: every element
  private long sampleSeed;
  private UnaryOperator<Expr> canonicalForm = Simplifier::simplify;
  private boolean checkFinite;

  private GradientCheck(Expr loss) {
    this.loss = loss;
  }

  /** A copy of this check, for a with-method to change one setting of. */
  private GradientCheck copy() {
    GradientCheck c = new GradientCheck(loss);
    c.wrt = wrt;
    c.hand = hand;
    c.richardson = richardson;
    c.raw = raw;
    c.tolerance = tolerance;
    c.handTolerance = handTolerance;
    c.randomPoints = randomPoints;
    c.seed = seed;
    c.sampledElements = sampledElements;
    c.sampleSeed = sampleSeed;
    c.canonicalForm = canonicalForm;
    c.checkFinite = checkFinite;
    return c;
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
    return new GradientCheck(loss);
  }

  /** Checks only these variables (by default: every variable of the loss). */
  public GradientCheck withRespectTo(Variable... variables) {
    checkArgument(variables.length > 0, "name at least one variable to check");
    for (Variable v : variables) {
      checkNotNull(v, "variable");
    }
    GradientCheck c = copy();
    c.wrt = ImmutableList.copyOf(variables);
    return c;
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
    GradientCheck c = copy();
    c.hand = ImmutableMap.copyOf(more);
    return c;
  }

  /**
   * Checks the gradients as backprop builds them ({@link Gradients#raw}) instead of the simplified
   * ones ({@link Gradients#of}): the op's derivative rules alone, without the simplifier.
   */
  public GradientCheck withRawGradients() {
    GradientCheck c = copy();
    c.raw = true;
    return c;
  }

  /** Uses Richardson extrapolation of central differences: error O(h⁴), twice the evaluations. */
  public GradientCheck withRichardson() {
    GradientCheck c = copy();
    c.richardson = true;
    return c;
  }

  /** The tolerance against finite differences, on top of their estimated rounding error. */
  public GradientCheck withTolerance(Tolerance tolerance) {
    checkNotNull(tolerance, "tolerance");
    GradientCheck c = copy();
    c.tolerance = tolerance;
    return c;
  }

  /** The tolerance of hand-derived against autodiff gradients. */
  public GradientCheck withHandTolerance(Tolerance handTolerance) {
    checkNotNull(handTolerance, "tolerance");
    GradientCheck c = copy();
    c.handTolerance = handTolerance;
    return c;
  }

  /**
   * How many random points to compare non-identical hand and autodiff formulas at, and the seed.
   */
  public GradientCheck withRandomPoints(int count, long seed) {
    checkArgument(count >= 0, "negative number of random points: %s", count);
    GradientCheck c = copy();
    c.randomPoints = count;
    c.seed = seed;
    return c;
  }

  /**
   * Checks at most {@code count} elements of each variable against finite differences, chosen at
   * random (seeded by {@code seed} and the variable's name), for variables too large to perturb
   * element by element; the others are reported as not sampled. Hand-derived and autodiff gradients
   * are still compared on every element.
   */
  public GradientCheck withSampledElements(int count, long seed) {
    checkArgument(count > 0, "sample at least one element per variable, not %s", count);
    GradientCheck c = copy();
    c.sampledElements = count;
    c.sampleSeed = seed;
    return c;
  }

  /**
   * The canonical form applied to hand-derived and autodiff expressions before they are compared as
   * formulas: by default {@link Simplifier#simplify}, after which equal formulas are usually the
   * same node (expressions are hash-consed).
   */
  public GradientCheck withCanonicalForm(UnaryOperator<Expr> canonicalForm) {
    checkNotNull(canonicalForm, "canonical form");
    GradientCheck c = copy();
    c.canonicalForm = canonicalForm;
    return c;
  }

  /**
   * Evaluates the loss, the gradients and the hand-derived expressions with {@link
   * Program#checkingFinite}: the first non-finite value stops the check with a {@link
   * NonFiniteException} that says where it arose (in the loss, or in the gradient with respect to
   * which variable).
   */
  public GradientCheck checkingFinite() {
    GradientCheck c = copy();
    c.checkFinite = true;
    return c;
  }

  /**
   * Runs the check at {@code point}.
   *
   * @throws BindingException when a variable of the loss or of a hand-derived gradient is unbound
   *     or bound to a value of another shape
   * @throws NonFiniteException with {@link #checkingFinite}, at the first non-finite value
   */
  public GradientCheckReport at(Bindings point) {
    checkNotNull(point, "point");
    List<Variable> variables = variablesToCheck();
    Variable[] wrtArray = variables.toArray(new Variable[0]);
    Gradients gradients = raw ? Gradients.raw(loss, wrtArray) : Gradients.of(loss, wrtArray);
    List<Expr> outputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    outputs.add(loss);
    names.add("the loss");
    for (Variable v : variables) {
      outputs.add(gradients.of(v));
      names.add("the gradient with respect to " + v.name());
    }
    List<Tensor> values = run(outputs, names, point);
    Map<Variable, Tensor> autodiff = new LinkedHashMap<>();
    for (int k = 0; k < variables.size(); k++) {
      autodiff.put(variables.get(k), values.get(k + 1));
    }
    List<String> notes = new ArrayList<>();
    double lossValue = values.get(0).item();
    if (!Double.isFinite(lossValue)) {
      notes.add(nonFiniteLossNote(lossValue, point));
    }

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
    for (Variable v : variables) {
      FiniteDifferences.Result numeric = fd.gradient(v, point, sample(v));
      reports.add(check(v, autodiff, numeric, gradients.of(v), point, variables));
    }
    String method =
        richardson
            ? "Richardson-extrapolated central differences at h, h/2, h/4, h = ε^(1/5)·max(1, |x|)"
            : "central differences at h and h/2, h = ε^(1/3)·max(1, |x|)";
    return new GradientCheckReport(
        Reports.unicode(loss, 80),
        method
            + "; tolerance "
            + tolerance
            + " + their error estimate"
            + (raw ? "; raw backprop gradients" : ""),
        notes,
        reports);
  }

  /** Evaluates {@code outputs}, checking every value when asked; names the output in errors. */
  private List<Tensor> run(List<Expr> outputs, List<String> names, Bindings point) {
    Program program = Program.compile(outputs);
    if (!checkFinite) {
      return program.run(point);
    }
    try {
      return program.checkingFinite().run(point);
    } catch (NonFiniteException e) {
      throw e.locatedIn(names);
    }
  }

  /** Where the non-finite loss comes from, found by a finite-checking evaluation. */
  private String nonFiniteLossNote(double value, Bindings point) {
    String note = "the loss is " + value + " at your point";
    try {
      Program.compile(loss).checkingFinite().run(point);
    } catch (NonFiniteException e) {
      note += ": " + e.locatedIn(List.of("the loss")).getMessage();
    }
    return note;
  }

  /** The elements of {@code v} to perturb, or {@code null} for all. */
  private boolean[] sample(Variable v) {
    int n = v.shape().size();
    if (sampledElements == 0 || sampledElements >= n) {
      return null;
    }
    // A partial Fisher–Yates shuffle picks the sample without replacement.
    Random random = new Random(sampleSeed * 31 + v.name().hashCode());
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    boolean[] chosen = new boolean[n];
    for (int i = 0; i < sampledElements; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      chosen[order[i]] = true;
    }
    return chosen;
  }

  /** The comparisons for one variable. */
  private VariableReport check(
      Variable v,
      Map<Variable, Tensor> allAutodiff,
      FiniteDifferences.Result numeric,
      Expr formula,
      Bindings point,
      List<Variable> differentiated) {
    Tensor autodiff = allAutodiff.get(v);
    int n = autodiff.size();
    double[] low = new double[n];
    double[] high = new double[n];
    String[] why = new String[n];
    boolean[] unsampled = new boolean[n];
    double[] fdBounds = new double[n];
    boolean anyUnsampled = false;
    for (int i = 0; i < n; i++) {
      low[i] = Double.NaN;
      high[i] = Double.NaN;
      double a = autodiff.getFlat(i);
      double reference = numeric.values().getFlat(i);
      switch (numeric.kinds()[i]) {
        case SMOOTH ->
            fdBounds[i] =
                tolerance.bound(Double.isFinite(a) ? a : reference, reference)
                    + numeric.errors()[i];
        case KINK -> {
          low[i] = Math.min(numeric.left()[i], numeric.right()[i]);
          high[i] = Math.max(numeric.left()[i], numeric.right()[i]);
          fdBounds[i] = tolerance.bound(low[i], high[i]) + numeric.errors()[i];
        }
        case JUMP -> why[i] = "the loss jumps in value there, so it has no derivative";
        case NOT_FINITE ->
            why[i] = "the loss is not finite within ±h of the point, so finite differences are NaN";
        case UNSETTLED -> why[i] = "the difference quotients did not settle as the step shrank";
        case UNSAMPLED -> {
          unsampled[i] = true;
          anyUnsampled = true;
        }
      }
    }
    Agreement adVsFd =
        Agreement.compare(
            "autodiff",
            autodiff,
            "finite differences",
            numeric.values(),
            fdBounds,
            numeric.steps(),
            low,
            high,
            why,
            anyUnsampled ? unsampled : null);
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
          List.of(),
          numeric.kinks());
    }
    Tensor handValue = evaluateHand(v, h, point);
    checkArgument(
        handValue.shape().equals(v.shape()),
        "the hand-derived gradient for %s has shape %s, but %s has shape %s",
        v.name(),
        handValue.shape(),
        v.name(),
        v.shape());
    // Hand against autodiff needs no finite differences: every element is judged; at a kink any
    // value between the one-sided derivatives is a valid subgradient.
    double[] handBounds = new double[n];
    double[] handLow = new double[n];
    double[] handHigh = new double[n];
    String[] handWhy = new String[n];
    for (int i = 0; i < n; i++) {
      double x = handValue.getFlat(i);
      double a = autodiff.getFlat(i);
      handBounds[i] = handTolerance.bound(Double.isFinite(x) ? x : a, Double.isFinite(a) ? a : x);
      handLow[i] = Double.NaN;
      handHigh[i] = Double.NaN;
      if (!Double.isFinite(x) && !Double.isFinite(a)) {
        handWhy[i] = "hand and autodiff are both " + (Double.isNaN(x) ? "NaN" : "infinite");
      } else if (numeric.kinds()[i] == FiniteDifferences.Kind.KINK && Double.isFinite(a)) {
        handLow[i] = Math.min(low[i], a);
        handHigh[i] = Math.max(high[i], a);
        handBounds[i] += numeric.errors()[i] + tolerance.bound(low[i], high[i]);
      }
    }
    Agreement handVsAd =
        Agreement.compare(
            "hand",
            handValue,
            "autodiff",
            autodiff,
            handBounds,
            null,
            handLow,
            handHigh,
            handWhy,
            null);
    Optional<SymbolicComparison> symbolic =
        h.expression().map(e -> compareFormulas(e, formula, point, differentiated));
    List<String> diagnosis = List.of();
    if (!handVsAd.passed() || symbolic.map(s -> !s.agrees()).orElse(false)) {
      diagnosis = Diagnosis.of(v, handValue, autodiff, allAutodiff, h.expression(), formula);
    }
    return new VariableReport(
        v,
        autodiff,
        numeric.values(),
        adVsFd,
        Optional.of(handValue),
        Optional.of(handVsAd),
        symbolic,
        diagnosis,
        numeric.kinks());
  }

  private Tensor evaluateHand(Variable v, HandGradient h, Bindings point) {
    if (checkFinite && h.expression().isPresent()) {
      return run(
              List.of(h.expression().get()),
              List.of("the hand-derived gradient for " + v.name()),
              point)
          .get(0);
    }
    return h.evaluate(point);
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

  /**
   * Identical after the canonical form; or else compared in value at random points, first varying
   * only the differentiated variables, then every variable.
   */
  private SymbolicComparison compareFormulas(
      Expr handFormula, Expr autodiff, Bindings point, List<Variable> differentiated) {
    if (canonicalForm.apply(handFormula) == canonicalForm.apply(autodiff)) {
      return SymbolicComparison.identicalExpressions();
    }
    Program both = Program.compile(handFormula, autodiff);
    Set<String> varied = new LinkedHashSet<>();
    differentiated.forEach(v -> varied.add(v.name()));
    List<SymbolicComparison.Mismatch> mismatches = new ArrayList<>();
    int comparable = compareAt(both, point, varied, mismatches);
    List<SymbolicComparison.Mismatch> everywhere = new ArrayList<>();
    List<String> brokenBy = new ArrayList<>();
    if (mismatches.isEmpty()) {
      Set<String> all = new LinkedHashSet<>(point.names());
      compareAt(both, point, all, everywhere);
      if (!everywhere.isEmpty()) {
        for (Variable other : both.variables()) {
          if (varied.contains(other.name())) {
            continue;
          }
          Set<String> plusOne = new LinkedHashSet<>(varied);
          plusOne.add(other.name());
          List<SymbolicComparison.Mismatch> found = new ArrayList<>();
          compareAt(both, point, plusOne, found);
          if (!found.isEmpty()) {
            brokenBy.add(other.name());
          }
        }
      }
    }
    return SymbolicComparison.numeric(
        List.copyOf(varied), randomPoints, comparable, mismatches, everywhere, brokenBy);
  }

  /** Compares hand and autodiff at the random points; returns how many were comparable. */
  private int compareAt(
      Program both, Bindings point, Set<String> varied, List<SymbolicComparison.Mismatch> out) {
    Random random = new Random(seed);
    int comparable = 0;
    for (int p = 0; p < randomPoints; p++) {
      List<Tensor> values;
      try {
        values = both.run(randomPointNear(point, varied, random));
      } catch (IllegalArgumentException e) {
        continue; // an index array varied off the integers (gather, index_select): not comparable
      }
      Tensor h = values.get(0);
      Tensor a = values.get(1);
      if (!h.isFinite() || !a.isFinite()) {
        continue;
      }
      comparable++;
      for (int i = 0; i < h.size(); i++) {
        if (!handTolerance.accepts(h.getFlat(i), a.getFlat(i))) {
          out.add(
              new SymbolicComparison.Mismatch(
                  p,
                  h.shape().index(i),
                  h.getFlat(i),
                  a.getFlat(i),
                  handTolerance.bound(h.getFlat(i), a.getFlat(i))));
        }
      }
    }
    return comparable;
  }

  /**
   * The point with every element of the {@code varied} variables scaled by {@code e^(0.3·z)}, z
   * standard normal (so signs, and with them the domains of log and sqrt, are kept; zeros become
   * {@code 0.3·z}); the other variables keep the user's values.
   */
  private static Bindings randomPointNear(Bindings point, Set<String> varied, Random random) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    point
        .asMap()
        .forEach(
            (name, t) -> {
              double[] v = t.toArray();
              for (int i = 0; i < v.length; i++) {
                double z = 0.3 * random.nextGaussian();
                if (varied.contains(name)) {
                  v[i] = v[i] == 0 ? z : v[i] * Math.exp(z);
                }
              }
              values.put(name, Tensor.wrap(t.shape(), v));
            });
    return Bindings.copyOf(values);
  }
}
