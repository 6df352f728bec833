package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.abs;
import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.gt;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.oneHot;
import static dev.adjoint.autodiff.Exprs.ones;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sign;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.stopGradient;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.transpose;
import static dev.adjoint.autodiff.Exprs.where;
import static dev.adjoint.autodiff.Exprs.zeros;
import static dev.adjoint.autodiff.UnsimplifiedNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.op.Abs;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Asin;
import dev.adjoint.autodiff.op.Asinh;
import dev.adjoint.autodiff.op.Atan;
import dev.adjoint.autodiff.op.Atanh;
import dev.adjoint.autodiff.op.BuiltinOps;
import dev.adjoint.autodiff.op.Cbrt;
import dev.adjoint.autodiff.op.Cos;
import dev.adjoint.autodiff.op.Cosh;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Erf;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.LanguageFunction;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.Log1p;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Relu;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Sign;
import dev.adjoint.autodiff.op.Sin;
import dev.adjoint.autodiff.op.Sinh;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.StopGradient;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Tan;
import dev.adjoint.autodiff.op.Tanh;
import dev.adjoint.autodiff.op.Transpose;
import dev.adjoint.autodiff.op.Where;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per rule: the literal pattern (built without the builder's own identities), what the rule
 * rewrites it to, and the check that both evaluate alike at seeded random points of the domain.
 */
class RulesTest {
  static final Variable X = Variable.of("x", 3);
  static final Variable Y = Variable.of("y", 3);
  static final Variable S = Variable.of("s");
  static final Variable M = Variable.of("M", 2, 3);
  static final Variable A = Variable.of("A", 3, 2);
  static final Variable B = Variable.of("B", 3, 4);
  static final Variable Q = Variable.of("Q", 2, 3);
  static final Variable V = Variable.of("v", 3);
  static final Variable P = Variable.of("P", 3, 3);
  static final Variable C = Variable.of("C", 3, 3, 3);

  private static final Transpose T = new Transpose(ImmutableList.of(1, 0));

  /**
   * A rule applied to {@code before} gives {@code after}: its plain form, or (for constants, whose
   * printed form is the printer's business) the node itself.
   *
   * @param domain where the variables are drawn from
   */
  record Case(Rule rule, Supplier<Expr> before, String after, Supplier<Expr> node, Domain domain) {
    @Override
    public String toString() {
      return rule.name() + ": " + before.get() + " → " + (node == null ? after : node.get());
    }
  }

  static Case row(Rule rule, Supplier<Expr> before, String after) {
    return new Case(rule, before, after, null, Domain.REAL);
  }

  static Case row(Rule rule, Supplier<Expr> before, String after, Domain domain) {
    return new Case(rule, before, after, null, domain);
  }

  static Case row(Rule rule, Supplier<Expr> before, Supplier<Expr> after) {
    return new Case(rule, before, null, after, Domain.REAL);
  }

  static Case row(Rule rule, Supplier<Expr> before, Supplier<Expr> after, Domain domain) {
    return new Case(rule, before, null, after, domain);
  }

  static Stream<Case> cases() {
    return Stream.of(
        row(Rules.ADD_ZERO, () -> node(new Add(), X, zeros(Shape.of(3))), "x"),
        row(Rules.ADD_ZERO, () -> node(new Add(), X, zeros(Shape.of(2, 3))), "broadcast(x, 2, 3)"),
        row(Rules.SUB_ZERO, () -> node(new Sub(), X, constant(0)), "x"),
        row(Rules.ZERO_SUB, () -> node(new Sub(), constant(0), X), "-x"),
        row(Rules.MUL_ONE, () -> node(new Mul(), X, constant(1)), "x"),
        row(Rules.MUL_ONE, () -> node(new Mul(), X, ones(Shape.of(2, 3))), "broadcast(x, 2, 3)"),
        row(Rules.DIV_ONE, () -> node(new Div(), X, constant(1)), "x"),
        row(Rules.MUL_ZERO, () -> node(new Mul(), constant(0), X), () -> zeros(Shape.of(3))),
        row(
            Rules.MUL_ZERO,
            () -> node(new Mul(), X, zeros(Shape.of(2, 1))),
            () -> zeros(Shape.of(2, 3))),
        row(Rules.POW_ONE, () -> node(new Pow(), X, constant(1)), "x"),
        row(Rules.POW_ZERO, () -> node(new Pow(), X, constant(0)), () -> ones(Shape.of(3))),
        row(Rules.NEG_NEG, () -> node(new Neg(), neg(X)), "x"),
        row(Rules.SUB_SELF, () -> node(new Sub(), X, X), () -> zeros(Shape.of(3))),
        row(Rules.DIV_SELF, () -> node(new Div(), X, X), () -> ones(Shape.of(3))),
        row(Rules.ODD_OF_NEGATION, () -> node(new Sin(), neg(P)), "-sin(P)"),
        row(Rules.ODD_OF_NEGATION, () -> node(new Tanh(), neg(C)), "-tanh(C)"),
        row(Rules.ODD_OF_NEGATION, () -> node(new Atan(), neg(X)), "-atan(x)"),
        row(Rules.ODD_OF_NEGATION, () -> node(new Erf(), neg(P)), "-erf(P)"),
        row(Rules.ODD_OF_NEGATION, () -> node(new Sign(), neg(C)), "-sign(C)"),
        row(Rules.EVEN_OF_NEGATION, () -> node(new Cos(), neg(P)), "cos(P)"),
        row(Rules.EVEN_OF_NEGATION, () -> node(new Cosh(), neg(C)), "cosh(C)"),
        row(Rules.EVEN_OF_NEGATION, () -> node(new Abs(), neg(X)), "abs(x)"),
        row(Rules.EVEN_OF_NEGATION, () -> node(new Square(), neg(C)), "square(C)"),
        row(Rules.IDEMPOTENT, () -> node(new Relu(), relu(P)), "relu(P)"),
        row(Rules.IDEMPOTENT, () -> node(new Abs(), abs(C)), "abs(C)"),
        row(Rules.IDEMPOTENT, () -> node(new Sign(), sign(X)), "sign(x)"),
        row(Rules.IDEMPOTENT, () -> node(new StopGradient(), stopGradient(P)), "stop_gradient(P)"),
        row(Rules.FOLD_CONSTANTS, () -> node(new Add(), constant(2), constant(3)), "5"),
        row(Rules.FOLD_CONSTANTS, () -> node(new Exp(), constant(0)), "1"),
        row(
            Rules.COLLECT_SCALARS,
            () -> node(new Mul(), constant(2), mul(constant(3), X)),
            "6 * x"),
        row(
            Rules.COLLECT_SCALARS,
            () -> node(new Mul(), mul(constant(3), X), constant(-1)),
            "-3 * x"),
        row(Rules.MUL_SELF, () -> node(new Mul(), X, X), "square(x)"),
        row(Rules.POW_TWO, () -> node(new Pow(), X, constant(2)), "square(x)"),
        row(Rules.TRANSPOSE_TRANSPOSE, () -> node(T, transpose(M)), "M"),
        row(Rules.SHAPE_SCALAR, () -> node(T, mul(constant(2), M)), "2 * M'"),
        row(
            Rules.SHAPE_SCALAR,
            () -> node(new Reshape(ImmutableList.of(3, 2)), neg(M)),
            "-reshape(M, 3, 2)"),
        row(Rules.TRANSPOSE_PRODUCT, () -> node(T, matmul(transpose(A), B)), "B' @ A"),
        row(
            Rules.PRODUCT_OF_TRANSPOSES,
            () -> node(new MatMul(), transpose(B), transpose(Q)),
            "(Q @ B)'"),
        row(Rules.TRANSPOSE_VECTOR, () -> node(T, reshape(V, 3, 1)), "reshape(v, 1, 3)"),
        row(Rules.MATMUL_SCALAR, () -> node(new MatMul(), M, mul(constant(2), V)), "2 * (M @ v)"),
        row(Rules.MATMUL_SCALAR, () -> node(new MatMul(), M, neg(B)), "-(M @ B)"),
        row(
            Rules.MATMUL_SCALAR,
            () -> node(new MatMul(), mul(constant(3), M), mul(constant(2), V)),
            "6 * (M @ v)"),
        row(
            Rules.MATMUL_VECTOR,
            () -> node(new Reshape(ImmutableList.of(2)), matmul(M, reshape(V, 3, 1))),
            "M @ v"),
        row(
            Rules.MATMUL_VECTOR,
            () -> node(new Reshape(ImmutableList.of(2)), matmul(reshape(V, 1, 3), A)),
            "v @ A"),
        row(Rules.MATMUL_IDENTITY, () -> node(new MatMul(), Exprs.eye(3), B), "B"),
        row(Rules.MATMUL_IDENTITY, () -> node(new MatMul(), M, Exprs.eye(3)), "M"),
        row(Rules.MATMUL_IDENTITY, () -> node(new MatMul(), Exprs.eye(3), V), "v"),
        row(Rules.SUM_BROADCAST, () -> node(new Sum(List.of()), broadcastTo(S, 2, 3)), "6 * s"),
        row(
            Rules.SUM_BROADCAST,
            () -> node(new Sum(List.of()), broadcastTo(X, 2, 3)),
            "2 * sum(x)"),
        row(
            Rules.SUM_BROADCAST,
            () -> node(new Sum(List.of(0)), broadcastTo(S, 4, 3)),
            "4 * broadcast(s, 3)"),
        row(Rules.SUM_SCALE, () -> node(new Sum(List.of()), mul(constant(3), X)), "3 * sum(x)"),
        row(Rules.SUM_SCALE, () -> node(new Sum(List.of(1)), neg(M)), "-sum(M, 1)"),
        row(Rules.LOG_EXP, () -> node(new Log(), exp(X)), "x"),
        row(Rules.EXP_LOG_SOFTMAX, () -> node(new Exp(), logSoftmax(M, 1)), "softmax(M, 1)"),
        row(
            Rules.EXP_MINUS_LOGSUMEXP,
            () -> node(new Exp(), sub(M, broadcastTo(reshape(logsumexp(M, 1), 2, 1), 2, 3))),
            "softmax(M, 1)"),
        row(
            Rules.EXP_MINUS_LOGSUMEXP,
            () -> node(new Exp(), sub(X, broadcastTo(logsumexp(X), 3))),
            "softmax(x, 0)"),
        row(Rules.CANCEL_TERMS, () -> node(new Add(), sub(add(Y, X), Y), constant(2)), "x + 2"),
        row(Rules.CANONICAL_SUM, () -> node(new Add(), constant(2), add(Y, X)), "x + y + 2"),
        row(Rules.CANONICAL_SUM, () -> node(new Add(), mul(constant(2), X), X), "3 * x"),
        row(Rules.CANONICAL_SUM, () -> node(new Neg(), sub(X, constant(1))), "1 - x"),
        row(Rules.CANONICAL_SUM, () -> node(new Sub(), sub(X, Y), mul(constant(2), X)), "-x - y"),
        row(
            Rules.CANONICAL_PRODUCT,
            () -> node(new Mul(), mul(Y, mul(X, constant(2))), Y),
            "2 * x * square(y)"),
        row(
            Rules.CANCEL_FACTORS,
            () -> node(new Div(), mul(X, Y), mul(constant(4), X)),
            "0.25 * y",
            Domain.POSITIVE),
        row(
            Rules.CANCEL_BY_DISTRIBUTING,
            () -> node(new Mul(), X, add(div(Y, X), Y)),
            "x * y + y",
            Domain.POSITIVE),
        row(
            Rules.EXPAND_IF_SHORTER,
            () -> node(new Sub(), mul(sub(Y, constant(1)), X), mul(Y, sub(X, constant(1)))),
            "y - x"),
        row(
            Rules.ZERO_DIV,
            () -> node(new Div(), zeros(Shape.of(2, 3)), X),
            () -> zeros(Shape.of(2, 3)),
            Domain.POSITIVE),
        row(
            Rules.MUL_WHERE_ZERO_ELSE,
            () -> node(new Mul(), X, where(gt(Y, constant(0)), Y, zeros(Shape.of(3)))),
            "where(gt(y, 0), x * y, 0)"),
        row(
            Rules.MUL_WHERE_ZERO_THEN,
            () -> node(new Mul(), where(gt(Y, constant(0)), constant(0), Y), X),
            "where(gt(y, 0), 0, x * y)"),
        row(
            Rules.ADD_WHERE,
            () ->
                node(
                    new Add(),
                    where(gt(X, Y), X, zeros(Shape.of(3))),
                    where(gt(X, Y), zeros(Shape.of(3)), Y)),
            "where(gt(x, y), x, y)"),
        row(
            Rules.SUB_WHERE,
            () -> node(new Sub(), where(gt(X, Y), X, Y), where(gt(X, Y), Y, constant(1))),
            "where(gt(x, y), x - y, y - 1)"),
        row(
            Rules.WHERE_SCALAR,
            () -> node(new Where(), gt(X, Y), mul(constant(4), X), mul(constant(2), Y)),
            "4 * where(gt(x, y), x, 0.5 * y)"),
        row(
            Rules.WHERE_SCALAR,
            () -> node(new Where(), gt(X, Y), mul(constant(0.25), X), zeros(Shape.of(3))),
            "0.25 * where(gt(x, y), x, zeros(3))"),
        row(
            Rules.SUM_ONE_HOT,
            () -> node(new Sum(List.of(1)), oneHot(add(gt(X, constant(0)), gt(Y, constant(0))), 3)),
            () -> ones(Shape.of(3))),
        row(
            Rules.FACTOR_SCALAR,
            () -> node(new Sub(), mul(constant(0.25), X), mul(constant(0.25), Y)),
            "0.25 * (x - y)"),
        row(
            Rules.FACTOR_SCALAR,
            () -> node(new Add(), mul(constant(-3), X), mul(constant(-3), Y)),
            "-3 * (x + y)"),
        row(Rules.LOG_SIGMOID, () -> node(new Log(), sigmoid(X)), "-softplus(-x)"),
        row(Rules.LOG_ONE_PLUS_EXP, () -> node(new Log(), add(exp(X), constant(1))), "softplus(x)"),
        row(Rules.LOG1P_EXP, () -> node(new Log1p(), exp(X)), "softplus(x)"),
        row(Rules.ONE_MINUS_SIGMOID, () -> node(new Sub(), constant(1), sigmoid(X)), "sigmoid(-x)"),
        row(
            Rules.LOG_ONE_MINUS_SIGMOID,
            () -> node(new Log(), sub(constant(1), sigmoid(X))),
            "-softplus(x)"),
        row(
            Rules.LOG_ONE_PLUS,
            () -> node(new Log(), add(constant(1), X)),
            "log1p(x)",
            Domain.POSITIVE),
        row(Rules.LOG_SOFTMAX, () -> node(new Log(), softmax(M, 1)), "log_softmax(M, 1)"),
        row(Rules.LOG_SUM_EXP, () -> node(new Log(), sum(exp(M), 1)), "logsumexp(M, 1)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleFires(Case c) {
    Expr before = c.before().get();
    Optional<Expr> after = c.rule().apply(before);
    assertThat(after).as("%s applies", c.rule()).isPresent();
    if (c.node() != null) {
      assertThat(after.get()).isSameAs(c.node().get());
    } else {
      assertThat(after.get().toString()).isEqualTo(c.after());
    }
    assertThat(after.get().shape()).isEqualTo(before.shape());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleKeepsTheValue(Case c) {
    Expr before = c.before().get();
    Expr after = c.rule().apply(before).orElseThrow();
    RandomPoints.assertSameValues(before, after, c.domain(), 20, c.toString().hashCode());
  }

  /** Patterns a rule must leave alone, because rewriting would not make the result shorter. */
  static Stream<Case> shorterAlready() {
    return Stream.of(
        row(Rules.SHAPE_SCALAR, () -> reshape(div(constant(2), M), 3, 2), ""),
        row(Rules.TRANSPOSE_PRODUCT, () -> transpose(matmul(Q, B)), ""),
        row(Rules.PRODUCT_OF_TRANSPOSES, () -> matmul(transpose(B), A), ""),
        row(Rules.EXPAND_IF_SHORTER, () -> add(mul(add(X, Y), V), X), ""),
        row(Rules.CANCEL_BY_DISTRIBUTING, () -> mul(X, add(div(Y, V), Y)), ""),
        row(Rules.CANONICAL_PRODUCT, () -> Exprs.pow(Exprs.square(X), constant(0.5)), ""),
        row(Rules.FACTOR_SCALAR, () -> Exprs.sub(mul(constant(2), X), mul(constant(3), Y)), ""),
        row(Rules.FACTOR_SCALAR, () -> Exprs.sub(neg(X), neg(Y)), ""),
        row(Rules.WHERE_SCALAR, () -> where(gt(X, Y), mul(constant(2), X), Y), ""),
        row(Rules.ADD_WHERE, () -> Exprs.add(where(gt(X, Y), X, Y), where(gt(Y, X), X, Y)), ""),
        // Not odd, not even, or two different idempotent ops: the trait rules must not fire.
        row(Rules.ODD_OF_NEGATION, () -> node(new Exp(), neg(P)), ""),
        row(Rules.ODD_OF_NEGATION, () -> node(new Cos(), neg(P)), ""),
        row(Rules.ODD_OF_NEGATION, () -> node(new Relu(), neg(C)), ""),
        row(Rules.EVEN_OF_NEGATION, () -> node(new Sin(), neg(P)), ""),
        row(Rules.EVEN_OF_NEGATION, () -> node(new Sigmoid(), neg(P)), ""),
        row(Rules.IDEMPOTENT, () -> node(new Abs(), relu(P)), ""),
        row(Rules.IDEMPOTENT, () -> node(new Relu(), sign(P)), ""),
        row(Rules.IDEMPOTENT, () -> node(new Tanh(), Exprs.tanh(P)), ""));
  }

  /**
   * Every op declaring a trait a rule relies on, at non-finite values and signed zeros: the trait
   * rules are value-preserving, so both sides must agree there too (NaN where NaN, the same
   * infinity). Evaluated as written, so nothing but the rule rewrites.
   */
  static Stream<Case> traitsAtNonFiniteValues() {
    List<Op> odd =
        List.of(
            new Neg(),
            new Sin(),
            new Tan(),
            new Tanh(),
            new Asin(),
            new Asinh(),
            new Atan(),
            new Atanh(),
            new Cbrt(),
            new Erf(),
            new Sinh(),
            new Sign());
    List<Op> even = List.of(new Cos(), new Cosh(), new Abs(), new Square());
    List<Op> idempotent = List.of(new Abs(), new Relu(), new Sign(), new StopGradient());
    return Stream.of(
            odd.stream().map(f -> row(Rules.ODD_OF_NEGATION, () -> node(f, neg(SPECIAL)), "")),
            even.stream().map(f -> row(Rules.EVEN_OF_NEGATION, () -> node(f, neg(SPECIAL)), "")),
            idempotent.stream()
                .map(f -> row(Rules.IDEMPOTENT, () -> node(f, node(f, SPECIAL)), "")))
        .flatMap(s -> s);
  }

  private static final Variable SPECIAL = Variable.of("z", 12);
  private static final double[] SPECIAL_VALUES = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    0.0,
    -0.0,
    1e308,
    -1e308,
    Double.MIN_VALUE,
    -0.5,
    1.0,
    -1.0,
    2.5
  };

  @Test
  void everyOpDeclaringATraitIsCheckedAtNonFiniteValues() {
    // A language function of one operand that declares ODD, EVEN or IDEMPOTENT must join
    // traitsAtNonFiniteValues, so that its declaration is checked where values are not finite.
    Set<String> checked =
        traitsAtNonFiniteValues()
            .map(c -> c.rule().name() + " " + c.before().get().op().name())
            .collect(Collectors.toSet());
    for (LanguageFunction f : BuiltinOps.functions()) {
      if (f.operands() != 1 || f.minParameters() > 0) {
        continue;
      }
      Op op;
      try {
        op = f.builder().build(List.of(SPECIAL), new int[0]).op();
      } catch (RuntimeException notForAVector) {
        continue; // reshape, det, ...: not elementwise, and no trait rule is about them
      }
      for (Rule rule : List.of(Rules.ODD_OF_NEGATION, Rules.EVEN_OF_NEGATION, Rules.IDEMPOTENT)) {
        if (op.has(rule.rootTrait())) {
          assertThat(checked).contains(rule.name() + " " + op.name());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traitsAtNonFiniteValues")
  void traitRulesKeepNonFiniteValues(Case c) {
    Expr before = c.before().get();
    Expr after = c.rule().apply(before).orElseThrow();
    Bindings at = Bindings.of("z", Tensor.of(Shape.of(12), SPECIAL_VALUES));
    double[] a = Program.compileAsWritten(before).run(at).get(0).toArray();
    double[] b = Program.compileAsWritten(after).run(at).get(0).toArray();
    for (int i = 0; i < a.length; i++) {
      double x = SPECIAL_VALUES[i];
      boolean same =
          Double.isNaN(a[i])
              ? Double.isNaN(b[i])
              : Double.isInfinite(a[i])
                  ? a[i] == b[i]
                  : Math.abs(a[i] - b[i]) <= 1e-12 * Math.max(1, Math.abs(a[i]));
      assertThat(same).as("%s = %s but %s = %s at z = %s", before, a[i], after, b[i], x).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shorterAlready")
  void ruleLeavesAlone(Case c) {
    assertThat(c.rule().apply(c.before().get())).isEmpty();
  }

  @Test
  void everyRuleHasARow() {
    Set<String> tested = cases().map(c -> c.rule().name()).collect(Collectors.toSet());
    assertThat(Rules.all()).allSatisfy(r -> assertThat(tested).contains(r.name()));
  }

  /** The rule table of {@code docs/simplifier.md}, printed from the rules' declarations. */
  static String ruleTable() {
    StringBuilder t = new StringBuilder();
    t.append("| rule | rewrite | side conditions | effect | phase |\n");
    t.append("|---|---|---|---|---|\n");
    for (Phase phase : List.of(Rules.CANONICALIZE, Rules.STABILIZE)) {
      for (Rule rule : phase.rules()) {
        String conditions =
            rule.conditions().stream().map(Rule.Condition::name).collect(Collectors.joining("; "));
        t.append("| `")
            .append(rule.name())
            .append("` | ")
            .append(rule.pattern().replace("|", "\\|"))
            .append(" | ")
            .append(conditions)
            .append(" | ")
            .append(rule.extendsDomain() ? "**" + rule.effectName() + "**" : rule.effectName())
            .append(" | ")
            .append(phase.name())
            .append(" |\n");
      }
    }
    return t.toString();
  }

  @Test
  void theDocumentedTableIsPrintedFromTheRules() throws IOException {
    String doc = Files.readString(Path.of("../docs/simplifier.md"), StandardCharsets.UTF_8);
    String table = ruleTable();
    assertThat(doc).as("docs/simplifier.md must contain, verbatim:%n%s", table).contains(table);
  }

  @Test
  void ruleNamesAreUnique() {
    List<String> names = Rules.all().stream().map(Rule::name).toList();
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void rulesDoNotFireOnOtherOps() {
    Expr plain = sigmoid(X);
    for (Rule rule : Rules.all()) {
      assertThat(rule.apply(plain)).as(rule.name()).isEmpty();
    }
  }
}
