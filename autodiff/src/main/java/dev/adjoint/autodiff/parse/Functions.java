package dev.adjoint.autodiff.parse;

import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The functions of the expression language: for each name, how many operands it takes, how many
 * integer parameters may follow them ({@code sum(x, 0)}, {@code reshape(x, 2, 3)}), and how the
 * node is built.
 */
final class Functions {
  private Functions() {}

  /** Constants built by {@code zeros}, {@code ones} and {@code full} hold at most this many. */
  static final int MAX_CONSTANT_SIZE = 1 << 24;

  /** Builds a node from operands and integer parameters. */
  interface Builder {
    Expr build(List<Expr> operands, int[] parameters);
  }

  /**
   * One function.
   *
   * @param name its name
   * @param operands how many operands; {@link #VARIADIC} for one or more
   * @param minParameters the fewest integer parameters after the operands
   * @param maxParameters the most integer parameters ({@link Integer#MAX_VALUE} for any number)
   * @param parameterName what a parameter is, for messages ({@code axis}, {@code dimension})
   * @param builder how the node is built
   */
  record Signature(
      String name,
      int operands,
      int minParameters,
      int maxParameters,
      String parameterName,
      Builder builder) {}

  /** A user-defined op called by its function name, with its operands and no parameters. */
  static Signature userDefined(String name, dev.adjoint.autodiff.op.Op op) {
    return new Signature(name, VARIADIC, 0, 0, "", (x, p) -> Expr.apply(op, x));
  }

  /** Any number (at least one) of operands, as for {@code concat}. */
  static final int VARIADIC = -1;

  private static final int ANY = Integer.MAX_VALUE;

  static final Map<String, Signature> TABLE = table();

  /** Alternative spellings of function names. */
  static final Map<String, String> ALIASES = Map.of("σ", "sigmoid");

  private static Map<String, Signature> table() {
    ImmutableMap.Builder<String, Signature> t = ImmutableMap.builder();
    unary(t, "sigmoid", Exprs::sigmoid);
    unary(t, "exp", Exprs::exp);
    unary(t, "log", Exprs::log);
    unary(t, "log1p", Exprs::log1p);
    unary(t, "sqrt", Exprs::sqrt);
    unary(t, "abs", Exprs::abs);
    unary(t, "sin", Exprs::sin);
    unary(t, "cos", Exprs::cos);
    unary(t, "tanh", Exprs::tanh);
    unary(t, "relu", Exprs::relu);
    unary(t, "softplus", Exprs::softplus);
    unary(t, "square", Exprs::square);
    unary(t, "sign", Exprs::sign);
    unary(t, "stop_gradient", Exprs::stopGradient);
    reduction(t, "sum", Exprs::sum, Exprs::sum);
    reduction(t, "mean", Exprs::mean, Exprs::mean);
    reduction(t, "max", Exprs::max, Exprs::max);
    reduction(t, "min", Exprs::min, Exprs::min);
    add(
        t,
        "logsumexp",
        1,
        0,
        1,
        "axis",
        (x, p) -> p.length == 0 ? Exprs.logsumexp(x.get(0)) : Exprs.logsumexp(x.get(0), p[0]));
    add(
        t,
        "softmax",
        1,
        0,
        1,
        "axis",
        (x, p) -> Exprs.softmax(x.get(0), p.length == 0 ? -1 : p[0]));
    add(
        t,
        "log_softmax",
        1,
        0,
        1,
        "axis",
        (x, p) -> Exprs.logSoftmax(x.get(0), p.length == 0 ? -1 : p[0]));
    add(
        t,
        "transpose",
        1,
        0,
        ANY,
        "axis",
        (x, p) -> p.length == 0 ? Exprs.transpose(x.get(0)) : Exprs.permute(x.get(0), p));
    add(t, "reshape", 1, 0, ANY, "dimension", (x, p) -> Exprs.reshape(x.get(0), p));
    add(t, "broadcast", 1, 0, ANY, "dimension", (x, p) -> Exprs.broadcastTo(x.get(0), p));
    add(t, "dot", 2, 0, 0, "", (x, p) -> Exprs.dot(x.get(0), x.get(1)));
    add(t, "gt", 2, 0, 0, "", (x, p) -> Exprs.gt(x.get(0), x.get(1)));
    add(t, "ge", 2, 0, 0, "", (x, p) -> Exprs.ge(x.get(0), x.get(1)));
    add(t, "lt", 2, 0, 0, "", (x, p) -> Exprs.lt(x.get(0), x.get(1)));
    add(t, "le", 2, 0, 0, "", (x, p) -> Exprs.le(x.get(0), x.get(1)));
    add(t, "eq", 2, 0, 0, "", (x, p) -> Exprs.eq(x.get(0), x.get(1)));
    add(t, "where", 3, 0, 0, "", (x, p) -> Exprs.where(x.get(0), x.get(1), x.get(2)));
    add(
        t,
        "concat",
        VARIADIC,
        0,
        1,
        "axis",
        (x, p) -> Exprs.concat(p.length == 0 ? 0 : p[0], x.toArray(new Expr[0])));
    add(t, "zeros", 0, 0, ANY, "dimension", (x, p) -> Constant.zeros(constantShape("zeros", p)));
    add(t, "ones", 0, 0, ANY, "dimension", (x, p) -> Constant.ones(constantShape("ones", p)));
    add(t, "full", 1, 0, ANY, "dimension", Functions::full);
    // reductions and indexing
    reduction(t, "prod", Exprs::prod, Exprs::prod);
    add(t, "cumsum", 1, 1, 1, "axis", (x, p) -> Exprs.cumsum(x.get(0), p[0]));
    add(t, "norm", VARIADIC, 0, 1, "axis", ReductionArguments::norm);
    add(t, "var", VARIADIC, 0, 1, "axis", ReductionArguments::variance);
    add(t, "std", VARIADIC, 0, 1, "axis", ReductionArguments::std);
    add(t, "gather", 2, 1, 1, "axis", (x, p) -> Exprs.gather(x.get(0), x.get(1), p[0]));
    add(t, "index_select", 2, 1, 1, "axis", (x, p) -> Exprs.indexSelect(x.get(0), x.get(1), p[0]));
    add(
        t,
        "scatter_add",
        2,
        2,
        2,
        "integer parameter",
        (x, p) -> Exprs.scatterAdd(x.get(0), x.get(1), p[0], p[1]));
    // end of reductions and indexing
    // linalg
    unary(t, "inv", Exprs::inv);
    unary(t, "det", Exprs::det);
    unary(t, "logdet", Exprs::logdet);
    add(t, "solve", 2, 0, 0, "", (x, p) -> Exprs.solve(x.get(0), x.get(1)));
    unary(t, "trace", Exprs::trace);
    unary(t, "diag", Exprs::diag);
    add(t, "eye", 0, 1, 1, "dimension", (x, p) -> Exprs.eye(p[0]));
    add(t, "outer", 2, 0, 0, "", (x, p) -> Exprs.outer(x.get(0), x.get(1)));
    unary(t, "cholesky", Exprs::cholesky);
    // end linalg
    // losses
    add(t, "one_hot", 1, 1, 1, "number of classes", (x, p) -> Exprs.oneHot(x.get(0), p[0]));
    // pad(x, [dims], [index, ...]) has its own argument syntax, read by Parser.pad; the entry
    // makes the name known (for suggestions and the variable-or-function hint).
    add(
        t,
        "pad",
        1,
        0,
        0,
        "",
        (x, p) -> {
          throw new IllegalStateException("pad is read by Parser.pad");
        });
    return t.build();
  }

  private static Expr full(List<Expr> operands, int[] dims) {
    Expr value = operands.get(0);
    if (!(value instanceof Constant c) || !c.shape().isScalar()) {
      throw new IllegalArgumentException("full: the value must be a number, not " + value);
    }
    return Constant.of(Tensor.full(constantShape("full", dims), c.tensor().item()));
  }

  private static Shape constantShape(String name, int[] dims) {
    Shape shape = Shape.of(dims);
    if (shape.size() > MAX_CONSTANT_SIZE) {
      throw new IllegalArgumentException(
          name
              + ": "
              + shape
              + " has "
              + shape.size()
              + " elements, more than a constant may hold ("
              + MAX_CONSTANT_SIZE
              + ")");
    }
    return shape;
  }

  private interface AxesReduction {
    Expr apply(Expr x, int... axes);
  }

  private static void reduction(
      ImmutableMap.Builder<String, Signature> t,
      String name,
      Function<Expr, Expr> all,
      AxesReduction along) {
    add(
        t,
        name,
        1,
        0,
        ANY,
        "axis",
        (x, p) -> p.length == 0 ? all.apply(x.get(0)) : along.apply(x.get(0), p));
  }

  private static void unary(
      ImmutableMap.Builder<String, Signature> t, String name, Function<Expr, Expr> f) {
    add(t, name, 1, 0, 0, "", (x, p) -> f.apply(x.get(0)));
  }

  private static void add(
      ImmutableMap.Builder<String, Signature> t,
      String name,
      int operands,
      int minParameters,
      int maxParameters,
      String parameterName,
      Builder builder) {
    t.put(
        name, new Signature(name, operands, minParameters, maxParameters, parameterName, builder));
  }

  /** The known name closest to {@code name} (edit distance at most 2), or null. */
  static String suggest(String name, java.util.Collection<String> names) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : names) {
      int d = distance(name.toLowerCase(java.util.Locale.ROOT), candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  /** The Levenshtein distance between two strings. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
