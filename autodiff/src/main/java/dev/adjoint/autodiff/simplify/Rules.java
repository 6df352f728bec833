package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.simplify.Pattern.any;
import static dev.adjoint.autodiff.simplify.Pattern.expanded;
import static dev.adjoint.autodiff.simplify.Pattern.node;
import static dev.adjoint.autodiff.simplify.Pattern.scalar;
import static dev.adjoint.autodiff.simplify.Pattern.uniform;
import static dev.adjoint.autodiff.simplify.Pattern.withTrait;
import static dev.adjoint.autodiff.simplify.Patterns.coefficient;
import static dev.adjoint.autodiff.simplify.Patterns.expandsAlong;
import static dev.adjoint.autodiff.simplify.Patterns.fit;
import static dev.adjoint.autodiff.simplify.Patterns.isScalarConstant;
import static dev.adjoint.autodiff.simplify.Patterns.isUniform;
import static dev.adjoint.autodiff.simplify.Patterns.scalarValue;
import static dev.adjoint.autodiff.simplify.Patterns.scaled;
import static dev.adjoint.autodiff.simplify.Patterns.withoutCoefficient;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Eye;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.Log1p;
import dev.adjoint.autodiff.op.LogSoftmax;
import dev.adjoint.autodiff.op.LogSumExp;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Mean;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.OneHot;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Softmax;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Trait;
import dev.adjoint.autodiff.op.Transpose;
import dev.adjoint.autodiff.op.Where;
import dev.adjoint.autodiff.simplify.CanonicalProduct.Factors;
import dev.adjoint.autodiff.simplify.CanonicalSum.Terms;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule table. Each rule is declared as a pattern with its side conditions and its effect on
 * values ({@link Rule.Effect}); {@link #CANONICALIZE} and {@link #STABILIZE} group them into phases
 * ({@link Simplifier#valuePreserving()} leaves out the domain-extending ones).
 *
 * <p>Every rule keeps the shape exactly: when an operand that fixed the broadcast shape disappears,
 * the result is broadcast back ({@code x·1 → x} gives {@code broadcast(x)} when the ones were
 * larger than x). Every rule keeps the value (up to rounding) wherever the expression and all its
 * subexpressions are finite; the domain-extending ones ({@link Rule#extendsDomain}) may also turn
 * an undefined value ({@code 0·∞}) into its continuous extension.
 *
 * <p>{@link dev.adjoint.autodiff.Expr#apply} already applies the cheapest identities as nodes are
 * built ({@code x·1}, {@code −(−x)}, {@code (xᵀ)ᵀ}, constant folding); the rules of the same names
 * cover what the builder leaves alone (broadcasting operands, large uniform constants) and make the
 * rule table complete on its own.
 *
 * <p>Holds only immutable rules and phases; thread-safe.
 */
public final class Rules {
  private Rules() {}

  private static final Pattern X = any("x");
  private static final Pattern Y = any("y");

  @SuppressWarnings("unchecked")
  private static final Class<? extends Op>[] SHAPE_OPS =
      new Class[] {Transpose.class, Reshape.class, BroadcastTo.class};

  private static Pattern.Node add(Pattern a, Pattern b) {
    return node(new Add(), a, b);
  }

  private static Pattern.Node sub(Pattern a, Pattern b) {
    return node(new Sub(), a, b);
  }

  private static Pattern.Node mul(Pattern a, Pattern b) {
    return node(new Mul(), a, b);
  }

  private static Pattern.Node div(Pattern a, Pattern b) {
    return node(new Div(), a, b);
  }

  private static Pattern.Node pow(Pattern a, Pattern b) {
    return node(new Pow(), a, b);
  }

  private static Pattern.Node neg(Pattern a) {
    return node(new Neg(), a);
  }

  private static Pattern.Node log(Pattern a) {
    return node(new Log(), a);
  }

  private static Pattern.Node exp(Pattern a) {
    return node(new Exp(), a);
  }

  private static Pattern.Node sigmoid(Pattern a) {
    return node(new Sigmoid(), a);
  }

  private static final Transpose MATRIX_TRANSPOSE = new Transpose(ImmutableList.of(1, 0));

  private static Pattern.Node transpose(Pattern a) {
    return node(MATRIX_TRANSPOSE, a);
  }

  // ---- neutral and absorbing elements ----

  /** x + 0 → x */
  public static final Rule ADD_ZERO =
      Rule.named("add-zero")
          .matching(add(X, uniform(0)).commutative())
          .to("x", m -> fit(m.get("x"), m.shape()));

  /** x − 0 → x */
  public static final Rule SUB_ZERO =
      Rule.named("sub-zero").matching(sub(X, uniform(0))).to("x", m -> fit(m.get("x"), m.shape()));

  /** 0 − x → −x */
  public static final Rule ZERO_SUB =
      Rule.named("zero-sub")
          .matching(sub(uniform(0), X))
          .to("−x", m -> fit(Exprs.neg(m.get("x")), m.shape()));

  /** x·1 → x */
  public static final Rule MUL_ONE =
      Rule.named("mul-one")
          .matching(mul(X, uniform(1)).commutative())
          .to("x", m -> fit(m.get("x"), m.shape()));

  /** x / 1 → x */
  public static final Rule DIV_ONE =
      Rule.named("div-one").matching(div(X, uniform(1))).to("x", m -> fit(m.get("x"), m.shape()));

  /** x·0 → 0: the continuous extension where x is infinite or NaN */
  public static final Rule MUL_ZERO =
      Rule.named("mul-zero")
          .matching(mul(X, uniform(0)).commutative())
          .extendsDomain()
          .to("0", m -> Patterns.zeros(m.shape()));

  /** 0 / y → 0 (y not the constant 0): the continuous extension where y is 0 */
  public static final Rule ZERO_DIV =
      Rule.named("zero-div")
          .matching(div(uniform(0), Y))
          .when("y is not the constant 0", m -> !isUniform(m.get("y"), 0))
          .extendsDomain()
          .to("0", m -> Patterns.zeros(m.shape()));

  /** x^1 → x */
  public static final Rule POW_ONE =
      Rule.named("pow-one").matching(pow(X, uniform(1))).to("x", m -> fit(m.get("x"), m.shape()));

  /** x^0 → 1: exact, since pow(x, 0) is 1 for every x, NaN included */
  public static final Rule POW_ZERO =
      Rule.named("pow-zero").matching(pow(X, uniform(0))).to("1", m -> Patterns.ones(m.shape()));

  /** −(−x) → x */
  public static final Rule NEG_NEG =
      Rule.named("neg-neg").matching(neg(neg(X))).to("x", m -> m.get("x"));

  /** x − x → 0: the continuous extension where x is infinite */
  public static final Rule SUB_SELF =
      Rule.named("sub-self")
          .matching(sub(X, X))
          .extendsDomain()
          .to("0", m -> Patterns.zeros(m.shape()));

  /** x / x → 1: the continuous extension where x is 0 or infinite */
  public static final Rule DIV_SELF =
      Rule.named("div-self")
          .matching(div(X, X))
          .extendsDomain()
          .to("1", m -> Patterns.ones(m.shape()));

  // ---- algebraic traits the ops declare (Op#traits) ----

  /**
   * f(−x) → −f(x) for every op that declares {@link Trait#ODD}: sin, tan, tanh, atan, erf, sign, …
   * It moves a negation outward, never inward, as the canonical forms do with coefficients.
   */
  public static final Rule ODD_OF_NEGATION =
      Rule.named("odd-of-negation")
          .matching(withTrait(Trait.ODD, "f", neg(X)))
          .to("−f(x)", m -> fit(Exprs.neg(Expr.apply(m.op("f"), m.get("x"))), m.shape()));

  /** f(−x) → f(x) for every op that declares {@link Trait#EVEN}: cos, cosh, abs, square. */
  public static final Rule EVEN_OF_NEGATION =
      Rule.named("even-of-negation")
          .matching(withTrait(Trait.EVEN, "f", neg(X)))
          .to("f(x)", m -> fit(Expr.apply(m.op("f"), m.get("x")), m.shape()));

  /**
   * f(f(x)) → f(x) for every op that declares {@link Trait#IDEMPOTENT}: abs, relu, sign,
   * stop_gradient (the gradient through it stays zero). Both f must be the same op.
   */
  public static final Rule IDEMPOTENT =
      Rule.named("idempotent")
          .matching(withTrait(Trait.IDEMPOTENT, "f", withTrait(Trait.IDEMPOTENT, "f", X)))
          .to("f(x)", m -> fit(m.node().input(0), m.shape()));

  // ---- constants, scalar factors and powers ----

  /**
   * Larger results stay as nodes, as in {@link Expr#apply}: a folded constant is held in memory.
   */
  private static final int FOLD_LIMIT = 1 << 16;

  /** f(c₁, …, cₙ) → c: an op on constants is evaluated once, here rather than at every run */
  public static final Rule FOLD_CONSTANTS =
      Rule.named("fold-constants")
          .procedural("f(c₁, …, cₙ)")
          .when("every input is a constant", m -> allConstant(m.node()))
          .when("at most 65,536 elements", m -> m.shape().size() <= FOLD_LIMIT)
          .to("c", m -> Constant.of(m.node().eval()));

  /** c₁·(c₂·x) → (c₁c₂)·x, for rank-0 constants */
  public static final Rule COLLECT_SCALARS =
      Rule.named("collect-scalars")
          .matching(mul(scalar("c₁"), mul(scalar("c₂"), X)).commutative())
          .when("c₁c₂ is a normal number", m -> isNormal(product(m, "c₁", "c₂")))
          .to("(c₁c₂) ⊙ x", m -> fit(scaled(product(m, "c₁", "c₂"), m.get("x")), m.shape()));

  /** x·x → x² */
  public static final Rule MUL_SELF =
      Rule.named("mul-self").matching(mul(X, X)).to("x²", m -> Exprs.square(m.get("x")));

  /** x^2 → x² */
  public static final Rule POW_TWO =
      Rule.named("pow-two")
          .matching(pow(X, uniform(2)))
          .to("x²", m -> fit(Exprs.square(m.get("x")), m.shape()));

  // ---- transposes and matrix products ----

  /** (xᵀ)ᵀ → x, and any two permutations of axes compose into one */
  public static final Rule TRANSPOSE_TRANSPOSE =
      Rule.named("transpose-transpose")
          .matching(node(MATRIX_TRANSPOSE, node(MATRIX_TRANSPOSE, X).as("inner")).as("outer"))
          .to("x (permuted by the composed permutation)", Rules::composedPermutation);

  /** (c·x)ᵀ → c·xᵀ, and likewise for reshape and broadcast: scalar factors move outwards */
  public static final Rule SHAPE_SCALAR =
      Rule.named("shape-scalar")
          .procedural("(c·x)ᵀ, reshape(c·x), broadcast(c·x)", SHAPE_OPS)
          .when("x has a scalar coefficient c", m -> hasMovableCoefficient(m.node().input(0)))
          .to("c·xᵀ, c·reshape(x), c·broadcast(x)", Rules::shapeScalar);

  /** (A·B)ᵀ → Bᵀ·Aᵀ, when A or B is a transpose, so that transposes cancel */
  public static final Rule TRANSPOSE_PRODUCT =
      Rule.named("transpose-product")
          .matching(transpose(node(new MatMul(), any("A"), any("B"))))
          .when("A and B are matrices", m -> isMatrix(m.get("A")) && isMatrix(m.get("B")))
          .when(
              "A or B is a transpose",
              m -> isMatrixTranspose(m.get("A")) || isMatrixTranspose(m.get("B")))
          .to(
              "Bᵀ · Aᵀ",
              m -> Exprs.matmul(Exprs.transpose(m.get("B")), Exprs.transpose(m.get("A"))));

  /** Bᵀ·Aᵀ → (A·B)ᵀ: one transpose instead of two */
  public static final Rule PRODUCT_OF_TRANSPOSES =
      Rule.named("product-of-transposes")
          .matching(node(new MatMul(), transpose(any("B")), transpose(any("A"))))
          .to("(A · B)ᵀ", m -> Exprs.transpose(Exprs.matmul(m.get("A"), m.get("B"))));

  /** (v as a column)ᵀ → v as a row, and the reverse */
  public static final Rule TRANSPOSE_VECTOR =
      Rule.named("transpose-vector")
          .matching(transpose(node(new Reshape(ImmutableList.of(1)), any("v")).params("n, 1")))
          .when("v is a vector", m -> m.get("v").shape().rank() == 1)
          .when("the result is a matrix", m -> m.shape().rank() == 2)
          .when("one dimension is 1", m -> m.shape().dim(0) == 1 || m.shape().dim(1) == 1)
          .to("reshape(v, 1, n)", m -> Exprs.reshape(m.get("v"), m.shape().dims()));

  /**
   * (c·A)·(d·B) → cd·(A·B): scalar factors leave a matrix product, so the (usually smaller) result
   * is scaled rather than an operand, and the operands stay plain for the matrix kernel
   */
  public static final Rule MATMUL_SCALAR =
      Rule.named("matmul-scalar")
          .procedural("(c·A) · (d·B)", MatMul.class)
          .when(
              "A or B has a scalar coefficient",
              m ->
                  hasMovableCoefficient(m.node().input(0))
                      || hasMovableCoefficient(m.node().input(1)))
          .when(
              "cd is a normal number",
              m -> isNormal(coefficient(m.node().input(0)) * coefficient(m.node().input(1))))
          .to("cd·(A · B)", Rules::matmulScalar);

  /** reshape(A·reshape(v, n×1), m) → A·v: a matrix times a vector needs no reshapes */
  public static final Rule MATMUL_VECTOR =
      Rule.named("matmul-vector")
          .matching(
              node(new Reshape(ImmutableList.of(1)), node(new MatMul(), any("A"), any("B")))
                  .params("m"))
          .when(
              "A is a vector as a row or B a vector as a column",
              m -> isRowVector(m.get("A")) || isColumnVector(m.get("B")))
          .to("A · B without the reshapes", Rules::matmulVector);

  /**
   * I·A → A and A·I → A: the identity matrix (as the gradient of a trace brings it) leaves a
   * product; exact for finite A, where each element is a·1 plus zeros
   */
  public static final Rule MATMUL_IDENTITY =
      Rule.named("matmul-identity")
          .procedural("I · A, A · I", MatMul.class)
          .when(
              "an operand is I",
              m -> m.node().input(0).op() instanceof Eye || m.node().input(1).op() instanceof Eye)
          .to("A", m -> m.node().input(m.node().input(0).op() instanceof Eye ? 1 : 0));

  // ---- reductions ----

  /** sum(broadcast(x)) → n·sum(x): summing n copies */
  public static final Rule SUM_BROADCAST =
      Rule.named("sum-broadcast")
          .matching(node(new Sum(List.of()), node(new BroadcastTo(ImmutableList.of()), X).as("b")))
          .when("x has elements", m -> m.get("x").shape().size() > 0)
          .when(
              "the sum is over every axis, or x is a scalar",
              m -> ((Sum) m.node().op()).axes().isEmpty() || m.get("x").shape().isScalar())
          .to("n·Σ x", Rules::sumBroadcast);

  /** Σ(c·x) → c·Σx, also for the mean */
  public static final Rule SUM_SCALE =
      Rule.named("sum-scale")
          .procedural("Σ(c·x), mean(c·x)", Sum.class, Mean.class)
          .when("x has a scalar coefficient c", m -> hasMovableCoefficient(m.node().input(0)))
          .to("c·Σ x, c·mean(x)", Rules::shapeScalar);

  // ---- functions ----

  /** log(exp(x)) → x */
  public static final Rule LOG_EXP =
      Rule.named("log-exp").matching(log(exp(X))).stabilizes().to("x", m -> m.get("x"));

  /** exp(log_softmax(x)) → softmax(x) */
  public static final Rule EXP_LOG_SOFTMAX =
      Rule.named("exp-log-softmax")
          .matching(exp(node(new LogSoftmax(0), X).as("ls").params("a")))
          .to("softmax(x, a)", m -> Exprs.softmax(m.get("x"), ((LogSoftmax) m.op("ls")).axis()));

  /** exp(x − logsumexp(x)) → softmax(x), along one axis (as the gradient of logsumexp builds it) */
  public static final Rule EXP_MINUS_LOGSUMEXP =
      Rule.named("exp-minus-logsumexp")
          .matching(
              exp(sub(X, expanded("s", node(new LogSumExp(List.of()), X).as("lse").params("a")))))
          .when("x has the result's shape", m -> m.get("x").shape().equals(m.shape()))
          .when("one axis, or all of a vector", m -> softmaxAxis(m) >= 0)
          .when(
              "axis aligned: ⇑ repeats the logsumexp along the axis it reduced",
              m -> expandsAlong(m.get("s"), m.get("lse"), m.shape(), List.of(softmaxAxis(m))))
          .to("softmax(x, a)", m -> Exprs.softmax(m.get("x"), softmaxAxis(m)));

  // ---- piecewise functions and class labels (the gradients of the losses) ----

  private static Pattern.Node where(Pattern c, Pattern a, Pattern b) {
    return node(new Where(), c, a, b);
  }

  /** x ⊙ where(c, a, 0) → where(c, x ⊙ a, 0): a mask times a factor selects the product */
  public static final Rule MUL_WHERE_ZERO_ELSE =
      Rule.named("mul-where-zero-else")
          .matching(mul(X, where(any("c"), any("a"), uniform(0))).commutative())
          .extendsDomain()
          .to(
              "where(c, x ⊙ a, 0)",
              m ->
                  fit(
                      Exprs.where(
                          m.get("c"),
                          Exprs.mul(m.get("x"), m.get("a")),
                          Patterns.zeros(Shape.of())),
                      m.shape()));

  /** x ⊙ where(c, 0, b) → where(c, 0, x ⊙ b) */
  public static final Rule MUL_WHERE_ZERO_THEN =
      Rule.named("mul-where-zero-then")
          .matching(mul(X, where(any("c"), uniform(0), any("b"))).commutative())
          .extendsDomain()
          .to(
              "where(c, 0, x ⊙ b)",
              m ->
                  fit(
                      Exprs.where(
                          m.get("c"),
                          Patterns.zeros(Shape.of()),
                          Exprs.mul(m.get("x"), m.get("b"))),
                      m.shape()));

  /** where(c, a, b) + where(c, d, e) → where(c, a + d, b + e): complementary pieces merge */
  public static final Rule ADD_WHERE =
      Rule.named("add-where")
          .matching(add(where(any("c"), any("a"), any("b")), where(any("c"), any("d"), any("e"))))
          .to(
              "where(c, a + d, b + e)",
              m ->
                  fit(
                      Exprs.where(
                          m.get("c"),
                          Exprs.add(m.get("a"), m.get("d")),
                          Exprs.add(m.get("b"), m.get("e"))),
                      m.shape()));

  /** where(c, a, b) − where(c, d, e) → where(c, a − d, b − e) */
  public static final Rule SUB_WHERE =
      Rule.named("sub-where")
          .matching(sub(where(any("c"), any("a"), any("b")), where(any("c"), any("d"), any("e"))))
          .to(
              "where(c, a − d, b − e)",
              m ->
                  fit(
                      Exprs.where(
                          m.get("c"),
                          Exprs.sub(m.get("a"), m.get("d")),
                          Exprs.sub(m.get("b"), m.get("e"))),
                      m.shape()));

  /**
   * where(c, k·a, b) → k·where(c, a, b/k), when b is 0 or has a scalar coefficient: the scalar
   * factor (a loss's 1/N) moves outwards, as through sums and reshapes
   */
  public static final Rule WHERE_SCALAR =
      Rule.named("where-scalar")
          .matching(where(any("c"), any("k·a"), any("b")))
          .when("k ≠ 1 is a scalar coefficient", m -> hasMovableCoefficient(m.get("k·a")))
          .when(
              "b is 0 or has a scalar coefficient m, and m/k is a normal number",
              m ->
                  isUniform(m.get("b"), 0)
                      || hasMovableCoefficient(m.get("b"))
                          && isNormal(coefficient(m.get("b")) / coefficient(m.get("k·a"))))
          .to("k·where(c, a, b/k)", Rules::whereScalar);

  /** Σ one_hot(y, k) along the class axis → 1: each label has exactly one class */
  public static final Rule SUM_ONE_HOT =
      Rule.named("sum-one-hot")
          .matching(node(new Sum(List.of()), node(new OneHot(1), Y).params("k")).params("a"))
          .when(
              "a is the class axis (the last) alone",
              m -> ((Sum) m.node().op()).axes().equals(List.of(m.get("y").shape().rank())))
          .extendsDomain()
          .to("1", m -> Patterns.ones(m.shape()));

  // ---- canonical forms ----

  /** Sums flattened, like terms combined, terms in canonical order: b + a + 2b → a + 3b */
  public static final Rule CANONICAL_SUM =
      Rule.named("canonical-sum")
          .procedural("Σ cᵢ·tᵢ", CanonicalSum.ROOTS)
          .when(
              "no term cancels", m -> CanonicalSum.termsOf(m).filter(t -> !t.cancels()).isPresent())
          .to("the same sum in canonical order", m -> CanonicalSum.rewrite(m).orElse(null));

  /**
   * c·x ± c·y → c·(x ± y): a scalar common to both terms (a loss's 1/N) is written once, so the
   * gradient of a mean reads {@code 0.25·(σ(z) − y)}
   */
  public static final Rule FACTOR_SCALAR =
      Rule.named("factor-scalar")
          .procedural("c·x + c·y, c·x − c·y", Add.class, Sub.class)
          .when(
              "x and y have one scalar coefficient c ≠ ±1",
              m -> commonCoefficient(m.node().input(0), m.node().input(1)))
          .to("c·(x ± y)", Rules::factorScalar);

  /** Sums in which a term cancels: b + a − b → a, the continuous extension where b is infinite */
  public static final Rule CANCEL_TERMS =
      Rule.named("cancel-terms")
          .procedural("Σ cᵢ·tᵢ", CanonicalSum.ROOTS)
          .when("a term cancels", m -> CanonicalSum.termsOf(m).filter(Terms::cancels).isPresent())
          .extendsDomain()
          .to("the sum without it, in canonical order", m -> CanonicalSum.rewrite(m).orElse(null));

  /** Products flattened, scalars in front, equal factors as powers: b·(a·2)·b → 2·a·b² */
  public static final Rule CANONICAL_PRODUCT =
      Rule.named("canonical-product")
          .procedural("c·Π fᵢ^kᵢ", CanonicalProduct.ROOTS)
          .when(
              "no factor cancels",
              m -> CanonicalProduct.factorsOf(m).filter(f -> !f.cancels()).isPresent())
          .to("the same product in canonical order", m -> CanonicalProduct.rewrite(m).orElse(null));

  /**
   * Products in which a factor cancels (x·y/x → y, x·0 → 0, √x·√x → x): the continuous extension
   * where the factor is 0, infinite or outside the domain of a root
   */
  public static final Rule CANCEL_FACTORS =
      Rule.named("cancel-factors")
          .procedural("c·Π fᵢ^kᵢ", CanonicalProduct.ROOTS)
          .when(
              "a factor cancels",
              m -> CanonicalProduct.factorsOf(m).filter(Factors::cancels).isPresent())
          .extendsDomain()
          .to(
              "the product without it, in canonical order",
              m -> CanonicalProduct.rewrite(m).orElse(null));

  /** f·(a/f + b) → a + f·b: distribute a product over a sum when that cancels a division */
  public static final Rule CANCEL_BY_DISTRIBUTING =
      Rule.named("cancel-by-distributing")
          .procedural("f·(a/f + b)", CanonicalProduct.ROOTS)
          .extendsDomain()
          .to(
              "a + f·b (when no larger)",
              m -> Expansion.cancelByDistributing(m.node(), m.context()).orElse(null));

  /** (a + b)·c + d → a·c + b·c + d, only when the expanded sum is shorter */
  public static final Rule EXPAND_IF_SHORTER =
      Rule.named("expand-if-shorter")
          .procedural("(a + b)·c + d", CanonicalSum.ROOTS)
          .extendsDomain()
          .to(
              "a·c + b·c + d (when shorter)",
              m -> Expansion.expandIfShorter(m.node(), m.context()).orElse(null));

  // ---- stabilize ----

  /** log(σ(x)) → −softplus(−x) */
  public static final Rule LOG_SIGMOID =
      Rule.named("log-sigmoid")
          .matching(log(sigmoid(X)))
          .stabilizes()
          .to("−softplus(−x)", m -> Exprs.neg(Exprs.softplus(Exprs.neg(m.get("x")))));

  /** log(1 − σ(x)) → −softplus(x) */
  public static final Rule LOG_ONE_MINUS_SIGMOID =
      Rule.named("log-one-minus-sigmoid")
          .matching(log(sub(uniform(1), sigmoid(X))))
          .stabilizes()
          .to("−softplus(x)", m -> fit(Exprs.neg(Exprs.softplus(m.get("x"))), m.shape()));

  /** log(1 + exp(x)) → softplus(x) */
  public static final Rule LOG_ONE_PLUS_EXP =
      Rule.named("log-one-plus-exp")
          .matching(log(add(uniform(1), exp(X)).commutative()))
          .stabilizes()
          .to("softplus(x)", m -> fit(Exprs.softplus(m.get("x")), m.shape()));

  /** log1p(exp(x)) → softplus(x) */
  public static final Rule LOG1P_EXP =
      Rule.named("log1p-exp")
          .matching(node(new Log1p(), exp(X)))
          .stabilizes()
          .to("softplus(x)", m -> Exprs.softplus(m.get("x")));

  /** log(1 + x) → log1p(x) */
  public static final Rule LOG_ONE_PLUS =
      Rule.named("log-one-plus")
          .matching(log(add(uniform(1), X).commutative()))
          .stabilizes()
          .to("log1p(x)", m -> fit(Exprs.log1p(m.get("x")), m.shape()));

  /**
   * 1 − σ(x) → σ(−x), where σ(x) has no other use: where it has (as in the derivative σ(1 − σ)), 1
   * − σ(x) costs one subtraction and its absolute error stays below 2⁻⁵³
   */
  public static final Rule ONE_MINUS_SIGMOID =
      Rule.named("one-minus-sigmoid")
          .matching(sub(uniform(1), sigmoid(X).as("s")))
          .when("σ(x) has no other use", m -> !m.context().isShared(m.get("s")))
          .stabilizes()
          .to("σ(−x)", m -> fit(Exprs.sigmoid(Exprs.neg(m.get("x"))), m.shape()));

  /** log(softmax(x)) → log_softmax(x) */
  public static final Rule LOG_SOFTMAX =
      Rule.named("log-softmax")
          .matching(log(node(new Softmax(0), X).as("s").params("a")))
          .stabilizes()
          .to("log_softmax(x, a)", m -> Exprs.logSoftmax(m.get("x"), ((Softmax) m.op("s")).axis()));

  /** log(Σ exp(x)) → logsumexp(x) */
  public static final Rule LOG_SUM_EXP =
      Rule.named("log-sum-exp")
          .matching(log(node(new Sum(List.of()), exp(X)).as("s").params("a")))
          .when("one axis or all", m -> ((Sum) m.op("s")).axes().size() <= 1)
          .when("x has elements", m -> m.get("x").shape().size() > 0)
          .stabilizes()
          .to(
              "logsumexp(x, a)",
              m -> Expr.apply(new LogSumExp(((Sum) m.op("s")).axes()), m.get("x")));

  /**
   * Canonicalize: remove neutral and absorbing elements, cancel inverses, and put sums and products
   * in canonical form, so that equivalent formulas become one node.
   */
  public static final Phase CANONICALIZE =
      Phase.of(
          "canonicalize",
          FOLD_CONSTANTS,
          ADD_ZERO,
          SUB_ZERO,
          ZERO_SUB,
          MUL_ONE,
          DIV_ONE,
          MUL_ZERO,
          ZERO_DIV,
          POW_ONE,
          POW_ZERO,
          NEG_NEG,
          SUB_SELF,
          DIV_SELF,
          ODD_OF_NEGATION,
          EVEN_OF_NEGATION,
          IDEMPOTENT,
          COLLECT_SCALARS,
          MUL_SELF,
          POW_TWO,
          TRANSPOSE_TRANSPOSE,
          SHAPE_SCALAR,
          TRANSPOSE_PRODUCT,
          PRODUCT_OF_TRANSPOSES,
          TRANSPOSE_VECTOR,
          MATMUL_SCALAR,
          MATMUL_VECTOR,
          MATMUL_IDENTITY,
          SUM_BROADCAST,
          SUM_SCALE,
          LOG_EXP,
          EXP_LOG_SOFTMAX,
          EXP_MINUS_LOGSUMEXP,
          MUL_WHERE_ZERO_ELSE,
          MUL_WHERE_ZERO_THEN,
          ADD_WHERE,
          SUB_WHERE,
          WHERE_SCALAR,
          SUM_ONE_HOT,
          CANONICAL_SUM,
          FACTOR_SCALAR,
          CANCEL_TERMS,
          CANONICAL_PRODUCT,
          CANCEL_FACTORS,
          CANCEL_BY_DISTRIBUTING,
          EXPAND_IF_SHORTER);

  /** Stabilize: replace formulas that overflow or lose precision by stable equivalents. */
  public static final Phase STABILIZE =
      Phase.of(
          "stabilize",
          LOG_SIGMOID,
          LOG_ONE_MINUS_SIGMOID,
          LOG_ONE_PLUS_EXP,
          LOG1P_EXP,
          LOG_ONE_PLUS,
          ONE_MINUS_SIGMOID,
          LOG_SOFTMAX,
          LOG_SUM_EXP);

  /** Every rule of the standard phases. */
  public static List<Rule> all() {
    return Stream.concat(CANONICALIZE.rules().stream(), STABILIZE.rules().stream()).toList();
  }

  /** The rules of the standard phases that may extend the domain ({@link Rule#extendsDomain}). */
  public static List<Rule> domainExtending() {
    return all().stream().filter(Rule::extendsDomain).toList();
  }

  // ---- side conditions and replacements ----

  private static boolean allConstant(Expr e) {
    if (e.inputs().isEmpty()) {
      return false;
    }
    for (Expr input : e.inputs()) {
      if (!(input instanceof Constant)) {
        return false;
      }
    }
    return true;
  }

  /** Finite and not subnormal: a product of constants that neither overflowed nor underflowed. */
  private static boolean isNormal(double c) {
    return Double.isFinite(c) && Math.abs(c) >= Double.MIN_NORMAL;
  }

  private static double product(Rule.Match m, String a, String b) {
    return scalarValue(m.get(a)) * scalarValue(m.get(b));
  }

  private static boolean isMatrix(Expr e) {
    return e.shape().rank() == 2;
  }

  private static boolean isMatrixTranspose(Expr e) {
    return e.op() instanceof Transpose t && t.isMatrixTranspose();
  }

  private static Expr composedPermutation(Rule.Match m) {
    Transpose outer = (Transpose) m.op("outer");
    Transpose inner = (Transpose) m.op("inner");
    int[] composed = new int[outer.permutation().size()];
    for (int i = 0; i < composed.length; i++) {
      composed[i] = inner.permutation().get(outer.permutation().get(i));
    }
    return Exprs.permute(m.get("x"), composed);
  }

  /**
   * Whether {@code x} has a scalar coefficient that can move outwards without leaving a {@code 1/d}
   * behind ({@code c/d} keeps its constant: moving it would add a node).
   */
  private static boolean hasMovableCoefficient(Expr x) {
    return coefficient(x) != 1 && !(x.op() instanceof Div && isScalarConstant(x.input(0)));
  }

  /** {@code op(c·x) → c·op(x)} for an op that commutes with scaling. */
  private static Expr shapeScalar(Rule.Match m) {
    Expr x = m.node().input(0);
    return scaled(coefficient(x), Expr.apply(m.node().op(), withoutCoefficient(x)));
  }

  private static Expr matmulScalar(Rule.Match m) {
    Expr e = m.node();
    double left = coefficient(e.input(0));
    double right = coefficient(e.input(1));
    Expr product = Exprs.matmul(withoutCoefficient(e.input(0)), withoutCoefficient(e.input(1)));
    return scaled(left * right, product);
  }

  private static boolean isRowVector(Expr e) {
    return e.op() instanceof Reshape
        && e.input(0).shape().rank() == 1
        && e.shape().rank() == 2
        && e.shape().dim(0) == 1;
  }

  private static boolean isColumnVector(Expr e) {
    return e.op() instanceof Reshape
        && e.input(0).shape().rank() == 1
        && e.shape().rank() == 2
        && e.shape().dim(1) == 1;
  }

  private static Expr matmulVector(Rule.Match m) {
    Expr a = m.get("A");
    Expr b = m.get("B");
    Expr u = isRowVector(a) ? a.input(0) : a;
    Expr v = isColumnVector(b) ? b.input(0) : b;
    Expr product = Exprs.matmul(u, v);
    return product.shape().equals(m.shape()) ? product : null;
  }

  private static Expr sumBroadcast(Rule.Match m) {
    Expr x = m.get("x");
    Shape full = m.get("b").shape();
    if (((Sum) m.node().op()).axes().isEmpty()) {
      double copies = (double) full.size() / x.shape().size();
      return scaled(copies, Exprs.sum(x));
    }
    double copies = (double) full.size() / m.shape().size();
    return scaled(copies, fit(x, m.shape()));
  }

  private static Expr whereScalar(Rule.Match m) {
    Expr a = m.get("k·a");
    Expr b = m.get("b");
    double k = coefficient(a);
    Expr rest = isUniform(b, 0) ? b : scaled(coefficient(b) / k, withoutCoefficient(b));
    return fit(scaled(k, Exprs.where(m.get("c"), withoutCoefficient(a), rest)), m.shape());
  }

  /** Whether both terms have one scalar coefficient other than ±1 (and not as a c/d quotient). */
  private static boolean commonCoefficient(Expr x, Expr y) {
    double c = coefficient(x);
    return Math.abs(c) != 1
        && hasMovableCoefficient(x)
        && hasMovableCoefficient(y)
        && coefficient(y) == c;
  }

  private static Expr factorScalar(Rule.Match m) {
    Expr e = m.node();
    double c = coefficient(e.input(0));
    Expr x = withoutCoefficient(e.input(0));
    Expr y = withoutCoefficient(e.input(1));
    Expr inner = e.op() instanceof Add ? Exprs.add(x, y) : Exprs.sub(x, y);
    return fit(scaled(c, inner), m.shape());
  }

  /** The axis a softmax would normalise over, or -1 when there is none. */
  private static int softmaxAxis(Rule.Match m) {
    List<Integer> axes = ((LogSumExp) m.op("lse")).axes();
    if (axes.size() == 1) {
      return axes.get(0);
    }
    return m.get("x").shape().rank() == 1 ? 0 : -1;
  }
}
