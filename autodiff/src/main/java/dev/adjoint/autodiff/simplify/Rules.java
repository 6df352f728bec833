package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.simplify.Patterns.coefficient;
import static dev.adjoint.autodiff.simplify.Patterns.fit;
import static dev.adjoint.autodiff.simplify.Patterns.isScalarConstant;
import static dev.adjoint.autodiff.simplify.Patterns.isUniform;
import static dev.adjoint.autodiff.simplify.Patterns.scalarValue;
import static dev.adjoint.autodiff.simplify.Patterns.scaled;
import static dev.adjoint.autodiff.simplify.Patterns.withoutCoefficient;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.LogSoftmax;
import dev.adjoint.autodiff.op.LogSumExp;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Mean;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Softmax;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Transpose;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rule table. Each rule is a named rewrite with its pattern; {@link #CANONICALIZE} and {@link
 * #STABILIZE} group them into the standard phases.
 *
 * <p>Every rule preserves the value (up to rounding, on the domain where both sides are defined)
 * and the shape exactly: when an operand that fixed the broadcast shape disappears, the result is
 * broadcast back ({@code x·1 → x} gives {@code broadcast(x)} when the ones were larger than x).
 *
 * <p>{@link dev.adjoint.autodiff.Expr#apply} already applies the cheapest identities as nodes are
 * built ({@code x·1}, {@code −(−x)}, {@code (xᵀ)ᵀ}, constant folding); the rules of the same names
 * cover what the builder leaves alone (broadcasting operands, large uniform constants) and make the
 * rule table complete on its own.
 */
public final class Rules {
  private Rules() {}

  // ---- neutral and absorbing elements ----

  /** x + 0 → x */
  public static final Rule ADD_ZERO = Rule.of("add-zero", "x + 0 → x", Rules::addZero);

  /** 0 − x → −x */
  public static final Rule ZERO_SUB = Rule.of("zero-sub", "0 − x → −x", Rules::zeroSub);

  /** x·1 → x */
  public static final Rule MUL_ONE = Rule.of("mul-one", "x·1 → x", Rules::mulOne);

  /** x·0 → 0 */
  public static final Rule MUL_ZERO = Rule.of("mul-zero", "x·0 → 0", Rules::mulZero);

  /** x^1 → x */
  public static final Rule POW_ONE = Rule.of("pow-one", "x^1 → x", Rules::powOne);

  /** x^0 → 1 */
  public static final Rule POW_ZERO = Rule.of("pow-zero", "x^0 → 1", Rules::powZero);

  /** −(−x) → x */
  public static final Rule NEG_NEG = Rule.of("neg-neg", "−(−x) → x", Rules::negNeg);

  /** x − x → 0 */
  public static final Rule SUB_SELF = Rule.of("sub-self", "x − x → 0", Rules::subSelf);

  /** x / x → 1 (x ≠ 0) */
  public static final Rule DIV_SELF = Rule.of("div-self", "x / x → 1", Rules::divSelf);

  // ---- constants, scalar factors and powers ----

  /** f(c₁, …, cₙ) → c: an op on constants is evaluated once, here rather than at every run */
  public static final Rule FOLD_CONSTANTS =
      Rule.of("fold-constants", "f(c₁, …, cₙ) → c", Rules::foldConstants);

  /** c₁·(c₂·x) → (c₁c₂)·x, for rank-0 constants */
  public static final Rule COLLECT_SCALARS =
      Rule.of("collect-scalars", "c₁·(c₂·x) → (c₁c₂)·x", Rules::collectScalars);

  /** x·x → x² */
  public static final Rule MUL_SELF = Rule.of("mul-self", "x·x → x²", Rules::mulSelf);

  /** x^2 → x² */
  public static final Rule POW_TWO = Rule.of("pow-two", "x^2 → x²", Rules::powTwo);

  // ---- transposes and matrix products ----

  /** (xᵀ)ᵀ → x */
  public static final Rule TRANSPOSE_TRANSPOSE =
      Rule.of("transpose-transpose", "(xᵀ)ᵀ → x", Rules::transposeTranspose);

  /** (c·x)ᵀ → c·xᵀ, and likewise for reshape and broadcast: scalar factors move outwards */
  public static final Rule SHAPE_SCALAR =
      Rule.of("shape-scalar", "(c·x)ᵀ → c·xᵀ, reshape(c·x) → c·reshape(x)", Rules::shapeScalar);

  /** (A·B)ᵀ → Bᵀ·Aᵀ, when A or B is a transpose, so that transposes cancel */
  public static final Rule TRANSPOSE_PRODUCT =
      Rule.of("transpose-product", "(A·B)ᵀ → Bᵀ·Aᵀ (when shorter)", Rules::transposeProduct);

  /** Bᵀ·Aᵀ → (A·B)ᵀ: one transpose instead of two */
  public static final Rule PRODUCT_OF_TRANSPOSES =
      Rule.of("product-of-transposes", "Bᵀ·Aᵀ → (A·B)ᵀ", Rules::productOfTransposes);

  /** (v as a column)ᵀ → v as a row, and the reverse */
  public static final Rule TRANSPOSE_VECTOR =
      Rule.of("transpose-vector", "reshape(v, n×1)ᵀ → reshape(v, 1×n)", Rules::transposeVector);

  /**
   * (c·A)·(d·B) → cd·(A·B): scalar factors leave a matrix product, so the (usually smaller) result
   * is scaled rather than an operand, and the operands stay plain for the matrix kernel
   */
  public static final Rule MATMUL_SCALAR =
      Rule.of("matmul-scalar", "(c·A)·(d·B) → cd·(A·B)", Rules::matmulScalar);

  /** reshape(A·reshape(v, n×1), m) → A·v: a matrix times a vector needs no reshapes */
  public static final Rule MATMUL_VECTOR =
      Rule.of("matmul-vector", "reshape(A·reshape(v, n×1)) → A·v", Rules::matmulVector);

  // ---- reductions ----

  /** sum(broadcast(x)) → n·sum(x): summing n copies */
  public static final Rule SUM_BROADCAST =
      Rule.of("sum-broadcast", "Σ broadcast(x) → n·Σ x", Rules::sumBroadcast);

  /** Σ(c·x) → c·Σx, also for the mean */
  public static final Rule SUM_SCALE = Rule.of("sum-scale", "Σ(c·x) → c·Σ x", Rules::sumScale);

  // ---- functions ----

  /** log(exp(x)) → x */
  public static final Rule LOG_EXP = Rule.of("log-exp", "log(exp(x)) → x", Rules::logExp);

  /** exp(x − logsumexp(x)) → softmax(x), along one axis (as the gradient of logsumexp builds it) */
  public static final Rule EXP_MINUS_LOGSUMEXP =
      Rule.of(
          "exp-minus-logsumexp", "exp(x − logsumexp(x)) → softmax(x)", Rules::expMinusLogSumExp);

  /** exp(log_softmax(x)) → softmax(x) */
  public static final Rule EXP_LOG_SOFTMAX =
      Rule.of("exp-log-softmax", "exp(log_softmax(x)) → softmax(x)", Rules::expLogSoftmax);

  // ---- canonical forms ----

  /** Sums flattened, like terms combined, terms in canonical order: b + a − b + 2 → a + 2 */
  public static final Rule CANONICAL_SUM =
      Rule.withContext("canonical-sum", "Σ cᵢ·tᵢ in canonical order", CanonicalSum::of);

  /** Products flattened, scalars in front, equal factors as powers: b·(a·2)·b → 2·a·b² */
  public static final Rule CANONICAL_PRODUCT =
      Rule.withContext("canonical-product", "c·Π fᵢ^kᵢ in canonical order", CanonicalProduct::of);

  /** f·(a/f + b) → a + f·b: distribute a product over a sum when that cancels a division */
  public static final Rule CANCEL_BY_DISTRIBUTING =
      Rule.withContext(
          "cancel-by-distributing", "f·(a/f + b) → a + f·b", Expansion::cancelByDistributing);

  /** (a + b)·c + d → a·c + b·c + d, only when the expanded sum is shorter */
  public static final Rule EXPAND_IF_SHORTER =
      Rule.withContext(
          "expand-if-shorter",
          "(a + b)·c + d → a·c + b·c + d (when shorter)",
          Expansion::expandIfShorter);

  // ---- stabilize ----

  /** log(σ(x)) → −softplus(−x) */
  public static final Rule LOG_SIGMOID =
      Rule.of("log-sigmoid", "log(σ(x)) → −softplus(−x)", Rules::logSigmoid);

  /** log(1 − σ(x)) → −softplus(x) */
  public static final Rule LOG_ONE_MINUS_SIGMOID =
      Rule.of("log-one-minus-sigmoid", "log(1 − σ(x)) → −softplus(x)", Rules::logOneMinusSigmoid);

  /** log(1 + x) → log1p(x) */
  public static final Rule LOG_ONE_PLUS =
      Rule.of("log-one-plus", "log(1 + x) → log1p(x)", Rules::logOnePlus);

  /** log(softmax(x)) → log_softmax(x) */
  public static final Rule LOG_SOFTMAX =
      Rule.of("log-softmax", "log(softmax(x)) → log_softmax(x)", Rules::logSoftmax);

  /** log(Σ exp(x)) → logsumexp(x) */
  public static final Rule LOG_SUM_EXP =
      Rule.of("log-sum-exp", "log(Σ exp(x)) → logsumexp(x)", Rules::logSumExp);

  /**
   * Canonicalize: remove neutral and absorbing elements, cancel inverses, and put sums and products
   * in canonical form, so that equivalent formulas become one node.
   */
  public static final Phase CANONICALIZE =
      Phase.of(
          "canonicalize",
          FOLD_CONSTANTS,
          ADD_ZERO,
          ZERO_SUB,
          MUL_ONE,
          MUL_ZERO,
          POW_ONE,
          POW_ZERO,
          NEG_NEG,
          SUB_SELF,
          DIV_SELF,
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
          SUM_BROADCAST,
          SUM_SCALE,
          LOG_EXP,
          EXP_LOG_SOFTMAX,
          EXP_MINUS_LOGSUMEXP,
          CANONICAL_SUM,
          CANONICAL_PRODUCT,
          CANCEL_BY_DISTRIBUTING,
          EXPAND_IF_SHORTER);

  /** Stabilize: replace formulas that overflow or lose precision by stable equivalents. */
  public static final Phase STABILIZE =
      Phase.of(
          "stabilize", LOG_SIGMOID, LOG_ONE_MINUS_SIGMOID, LOG_ONE_PLUS, LOG_SOFTMAX, LOG_SUM_EXP);

  /** Every rule of the standard phases. */
  public static List<Rule> all() {
    return Stream.concat(CANONICALIZE.rules().stream(), STABILIZE.rules().stream()).toList();
  }

  // ---- rule bodies ----

  private static boolean is(Expr e, Class<?> op) {
    return op.isInstance(e.op());
  }

  private static Optional<Expr> addZero(Expr e) {
    if (is(e, Add.class) && isUniform(e.input(0), 0)) {
      return Optional.of(fit(e.input(1), e.shape()));
    }
    if ((is(e, Add.class) || is(e, Sub.class)) && isUniform(e.input(1), 0)) {
      return Optional.of(fit(e.input(0), e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> zeroSub(Expr e) {
    if (is(e, Sub.class) && isUniform(e.input(0), 0)) {
      return Optional.of(fit(Exprs.neg(e.input(1)), e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> mulOne(Expr e) {
    if (is(e, Mul.class) && isUniform(e.input(0), 1)) {
      return Optional.of(fit(e.input(1), e.shape()));
    }
    if ((is(e, Mul.class) || is(e, Div.class)) && isUniform(e.input(1), 1)) {
      return Optional.of(fit(e.input(0), e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> mulZero(Expr e) {
    boolean zero =
        is(e, Mul.class) && (isUniform(e.input(0), 0) || isUniform(e.input(1), 0))
            || is(e, Div.class) && isUniform(e.input(0), 0) && !isUniform(e.input(1), 0);
    return zero ? Optional.of(Patterns.zeros(e.shape())) : Optional.empty();
  }

  private static Optional<Expr> powOne(Expr e) {
    if (is(e, Pow.class) && isUniform(e.input(1), 1)) {
      return Optional.of(fit(e.input(0), e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> powZero(Expr e) {
    if (is(e, Pow.class) && isUniform(e.input(1), 0)) {
      return Optional.of(Patterns.ones(e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> negNeg(Expr e) {
    if (is(e, Neg.class) && is(e.input(0), Neg.class)) {
      return Optional.of(e.input(0).input(0));
    }
    return Optional.empty();
  }

  private static Optional<Expr> subSelf(Expr e) {
    if (is(e, Sub.class) && e.input(0) == e.input(1)) {
      return Optional.of(Patterns.zeros(e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> divSelf(Expr e) {
    if (is(e, Div.class) && e.input(0) == e.input(1)) {
      return Optional.of(Patterns.ones(e.shape()));
    }
    return Optional.empty();
  }

  /**
   * Larger results stay as nodes, as in {@link Expr#apply}: a folded constant is held in memory.
   */
  private static final int FOLD_LIMIT = 1 << 16;

  private static Optional<Expr> foldConstants(Expr e) {
    if (e.inputs().isEmpty() || e.shape().size() > FOLD_LIMIT) {
      return Optional.empty();
    }
    for (Expr input : e.inputs()) {
      if (!(input instanceof Constant)) {
        return Optional.empty();
      }
    }
    return Optional.of(Constant.of(e.eval()));
  }

  private static Optional<Expr> collectScalars(Expr e) {
    if (!is(e, Mul.class)) {
      return Optional.empty();
    }
    for (int side = 0; side < 2; side++) {
      Expr c1 = e.input(side);
      Expr other = e.input(1 - side);
      if (isScalarConstant(c1) && is(other, Mul.class) && isScalarConstant(other.input(0))) {
        double c = scalarValue(c1) * scalarValue(other.input(0));
        return Optional.of(fit(scaled(c, other.input(1)), e.shape()));
      }
    }
    return Optional.empty();
  }

  private static Optional<Expr> mulSelf(Expr e) {
    if (is(e, Mul.class) && e.input(0) == e.input(1)) {
      return Optional.of(Exprs.square(e.input(0)));
    }
    return Optional.empty();
  }

  private static Optional<Expr> powTwo(Expr e) {
    if (is(e, Pow.class) && isUniform(e.input(1), 2)) {
      return Optional.of(fit(Exprs.square(e.input(0)), e.shape()));
    }
    return Optional.empty();
  }

  private static boolean isMatrixTranspose(Expr e) {
    return e.op() instanceof Transpose t && t.isMatrixTranspose();
  }

  private static Optional<Expr> transposeTranspose(Expr e) {
    if (is(e, Transpose.class) && is(e.input(0), Transpose.class)) {
      Transpose outer = (Transpose) e.op();
      Transpose inner = (Transpose) e.input(0).op();
      int[] composed = new int[outer.permutation().size()];
      for (int i = 0; i < composed.length; i++) {
        composed[i] = inner.permutation().get(outer.permutation().get(i));
      }
      return Optional.of(Exprs.permute(e.input(0).input(0), composed));
    }
    return Optional.empty();
  }

  /**
   * Whether {@code x} has a scalar coefficient that can move outwards without leaving a {@code 1/d}
   * behind ({@code c/d} keeps its constant: moving it would add a node).
   */
  private static boolean hasMovableCoefficient(Expr x) {
    return coefficient(x) != 1 && !(is(x, Div.class) && isScalarConstant(x.input(0)));
  }

  private static Optional<Expr> shapeScalar(Expr e) {
    boolean shapeOp = is(e, Transpose.class) || is(e, Reshape.class) || is(e, BroadcastTo.class);
    if (shapeOp && hasMovableCoefficient(e.input(0))) {
      Expr x = e.input(0);
      return Optional.of(scaled(coefficient(x), Expr.apply(e.op(), withoutCoefficient(x))));
    }
    return Optional.empty();
  }

  private static Optional<Expr> transposeProduct(Expr e) {
    if (!isMatrixTranspose(e) || !is(e.input(0), MatMul.class)) {
      return Optional.empty();
    }
    Expr a = e.input(0).input(0);
    Expr b = e.input(0).input(1);
    if (a.shape().rank() == 2
        && b.shape().rank() == 2
        && (isMatrixTranspose(a) || isMatrixTranspose(b))) {
      return Optional.of(Exprs.matmul(Exprs.transpose(b), Exprs.transpose(a)));
    }
    return Optional.empty();
  }

  private static Optional<Expr> productOfTransposes(Expr e) {
    if (is(e, MatMul.class) && isMatrixTranspose(e.input(0)) && isMatrixTranspose(e.input(1))) {
      Expr b = e.input(0).input(0);
      Expr a = e.input(1).input(0);
      return Optional.of(Exprs.transpose(Exprs.matmul(a, b)));
    }
    return Optional.empty();
  }

  private static Optional<Expr> transposeVector(Expr e) {
    if (isMatrixTranspose(e)
        && is(e.input(0), Reshape.class)
        && e.input(0).input(0).shape().rank() == 1) {
      return Optional.of(Exprs.reshape(e.input(0).input(0), e.shape().dims()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> matmulScalar(Expr e) {
    if (!is(e, MatMul.class)) {
      return Optional.empty();
    }
    if (!hasMovableCoefficient(e.input(0)) && !hasMovableCoefficient(e.input(1))) {
      return Optional.empty();
    }
    double left = coefficient(e.input(0));
    double right = coefficient(e.input(1));
    Expr product = Exprs.matmul(withoutCoefficient(e.input(0)), withoutCoefficient(e.input(1)));
    return Optional.of(scaled(left * right, product));
  }

  /** {@code v} when {@code e} is a rank-1 {@code v} reshaped to the matrix {@code dims}. */
  private static Expr unreshapedVector(Expr e, int rows, int cols) {
    if (is(e, Reshape.class)
        && e.input(0).shape().rank() == 1
        && e.shape().equals(Shape.of(rows, cols))) {
      return e.input(0);
    }
    return e;
  }

  private static Optional<Expr> matmulVector(Expr e) {
    if (!is(e, Reshape.class) || !is(e.input(0), MatMul.class)) {
      return Optional.empty();
    }
    Expr a = e.input(0).input(0);
    Expr b = e.input(0).input(1);
    Expr u = a.shape().rank() == 2 ? unreshapedVector(a, 1, a.shape().dim(1)) : a;
    Expr v = b.shape().rank() == 2 ? unreshapedVector(b, b.shape().dim(0), 1) : b;
    if (u == a && v == b) {
      return Optional.empty();
    }
    Expr product = Exprs.matmul(u, v);
    return product.shape().equals(e.shape()) ? Optional.of(product) : Optional.empty();
  }

  private static Optional<Expr> sumBroadcast(Expr e) {
    if (!is(e, Sum.class) || !is(e.input(0), BroadcastTo.class)) {
      return Optional.empty();
    }
    Expr x = e.input(0).input(0);
    Shape full = e.input(0).shape();
    if (((Sum) e.op()).axes().isEmpty()) {
      double copies = (double) full.size() / x.shape().size();
      return Optional.of(scaled(copies, Exprs.sum(x)));
    }
    if (x.shape().isScalar()) {
      double copies = (double) full.size() / e.shape().size();
      return Optional.of(scaled(copies, fit(x, e.shape())));
    }
    return Optional.empty();
  }

  private static Optional<Expr> sumScale(Expr e) {
    if ((is(e, Sum.class) || is(e, Mean.class)) && hasMovableCoefficient(e.input(0))) {
      Expr x = e.input(0);
      return Optional.of(scaled(coefficient(x), Expr.apply(e.op(), withoutCoefficient(x))));
    }
    return Optional.empty();
  }

  private static Optional<Expr> logExp(Expr e) {
    if (is(e, Log.class) && is(e.input(0), Exp.class)) {
      return Optional.of(e.input(0).input(0));
    }
    return Optional.empty();
  }

  private static Optional<Expr> expLogSoftmax(Expr e) {
    if (is(e, Exp.class) && e.input(0).op() instanceof LogSoftmax ls) {
      return Optional.of(Exprs.softmax(e.input(0).input(0), ls.axis()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> expMinusLogSumExp(Expr e) {
    if (!is(e, Exp.class) || !is(e.input(0), Sub.class)) {
      return Optional.empty();
    }
    Expr x = e.input(0).input(0);
    Expr lse = e.input(0).input(1);
    while (is(lse, BroadcastTo.class) || is(lse, Reshape.class)) {
      lse = lse.input(0);
    }
    if (!(lse.op() instanceof LogSumExp l) || lse.input(0) != x) {
      return Optional.empty();
    }
    if (l.axes().size() == 1) {
      return Optional.of(Exprs.softmax(x, l.axes().get(0)));
    }
    return x.shape().rank() == 1 ? Optional.of(Exprs.softmax(x, 0)) : Optional.empty();
  }

  private static Optional<Expr> logSigmoid(Expr e) {
    if (is(e, Log.class) && is(e.input(0), Sigmoid.class)) {
      Expr x = e.input(0).input(0);
      return Optional.of(Exprs.neg(Exprs.softplus(Exprs.neg(x))));
    }
    return Optional.empty();
  }

  private static Optional<Expr> logOneMinusSigmoid(Expr e) {
    if (is(e, Log.class)
        && is(e.input(0), Sub.class)
        && isUniform(e.input(0).input(0), 1)
        && is(e.input(0).input(1), Sigmoid.class)) {
      Expr x = e.input(0).input(1).input(0);
      return Optional.of(fit(Exprs.neg(Exprs.softplus(x)), e.shape()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> logOnePlus(Expr e) {
    if (!is(e, Log.class) || !is(e.input(0), Add.class)) {
      return Optional.empty();
    }
    Expr sum = e.input(0);
    for (int side = 0; side < 2; side++) {
      if (isUniform(sum.input(side), 1)) {
        return Optional.of(fit(Exprs.log1p(sum.input(1 - side)), e.shape()));
      }
    }
    return Optional.empty();
  }

  private static Optional<Expr> logSoftmax(Expr e) {
    if (is(e, Log.class) && e.input(0).op() instanceof Softmax s) {
      return Optional.of(Exprs.logSoftmax(e.input(0).input(0), s.axis()));
    }
    return Optional.empty();
  }

  private static Optional<Expr> logSumExp(Expr e) {
    if (is(e, Log.class)
        && e.input(0).op() instanceof Sum s
        && s.axes().size() <= 1
        && is(e.input(0).input(0), Exp.class)) {
      return Optional.of(Expr.apply(new LogSumExp(s.axes()), e.input(0).input(0).input(0)));
    }
    return Optional.empty();
  }
}
