package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.op.LanguageFunction.ANY;
import static dev.adjoint.autodiff.op.LanguageFunction.VARIADIC;
import static dev.adjoint.autodiff.op.LanguageFunction.function;
import static dev.adjoint.autodiff.op.LanguageFunction.of;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import java.util.List;

/**
 * The built-in functions of the expression language, one line each. An op written as a function is
 * registered by its instance ({@code of(new Tan())}): its name, Unicode alias and arity come from
 * the op. Functions with integer parameters or several forms name their builder. The parser's table
 * is this list, plus the constants {@code zeros}, {@code ones}, {@code full} and {@code pad}, which
 * the parser reads itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class BuiltinOps {
  private BuiltinOps() {}

  private static final List<LanguageFunction> FUNCTIONS =
      List.of(
          of(new Sigmoid()),
          of(new Exp()),
          of(new Log()),
          of(new Log1p()),
          of(new Sqrt()),
          of(new Abs()),
          of(new Sin()),
          of(new Cos()),
          of(new Tanh()),
          of(new Relu()),
          of(new Softplus()),
          of(new Square()),
          of(new Sign()),
          of(new StopGradient()),
          function("sum", 1, (x, p) -> p.length == 0 ? Exprs.sum(x.get(0)) : Exprs.sum(x.get(0), p))
              .withParameters(0, ANY, "axis"),
          function(
                  "mean",
                  1,
                  (x, p) -> p.length == 0 ? Exprs.mean(x.get(0)) : Exprs.mean(x.get(0), p))
              .withParameters(0, ANY, "axis"),
          function("max", 1, (x, p) -> p.length == 0 ? Exprs.max(x.get(0)) : Exprs.max(x.get(0), p))
              .withParameters(0, ANY, "axis"),
          function("min", 1, (x, p) -> p.length == 0 ? Exprs.min(x.get(0)) : Exprs.min(x.get(0), p))
              .withParameters(0, ANY, "axis"),
          function(
                  "logsumexp",
                  1,
                  (x, p) ->
                      p.length == 0 ? Exprs.logsumexp(x.get(0)) : Exprs.logsumexp(x.get(0), p[0]))
              .withParameters(0, 1, "axis"),
          function("softmax", 1, (x, p) -> Exprs.softmax(x.get(0), p.length == 0 ? -1 : p[0]))
              .withParameters(0, 1, "axis"),
          function(
                  "log_softmax", 1, (x, p) -> Exprs.logSoftmax(x.get(0), p.length == 0 ? -1 : p[0]))
              .withParameters(0, 1, "axis"),
          function(
                  "transpose",
                  1,
                  (x, p) -> p.length == 0 ? Exprs.transpose(x.get(0)) : Exprs.permute(x.get(0), p))
              .withParameters(0, ANY, "axis"),
          function("reshape", 1, (x, p) -> Exprs.reshape(x.get(0), p))
              .withParameters(0, ANY, "dimension"),
          function("broadcast", 1, (x, p) -> Exprs.broadcastTo(x.get(0), p))
              .withParameters(0, ANY, "dimension"),
          function("dot", 2, (x, p) -> Exprs.dot(x.get(0), x.get(1))),
          of(new Comparison(Comparison.Kind.GT)),
          of(new Comparison(Comparison.Kind.GE)),
          of(new Comparison(Comparison.Kind.LT)),
          of(new Comparison(Comparison.Kind.LE)),
          of(new Comparison(Comparison.Kind.EQ)),
          of(new Where(), 3),
          function(
                  "concat",
                  VARIADIC,
                  (x, p) -> Exprs.concat(p.length == 0 ? 0 : p[0], x.toArray(new Expr[0])))
              .withParameters(0, 1, "axis"),
          // elementwise functions (issue 11)
          of(new Tan()),
          of(new Asin()),
          of(new Acos()),
          of(new Atan()),
          of(new Sinh()),
          of(new Cosh()),
          of(new Asinh()),
          of(new Acosh()),
          of(new Atanh()),
          of(new Expm1()),
          of(new Log2()),
          of(new Log10()),
          of(new Cbrt()),
          of(new Erf()),
          of(new Erfc()),
          of(new LogGamma()),
          of(new Digamma()),
          function("trigamma", 1, (x, p) -> Exprs.trigamma(x.get(0))),
          function("polygamma", 1, (x, p) -> Exprs.polygamma(x.get(0), p[0]))
              .withParameters(1, 1, "order"),
          of(new Maximum()),
          of(new Minimum()),
          of(new Atan2()),
          of(new Hypot()),
          of(new Clip(), 3),
          // reductions, scans and indexing
          function(
                  "prod",
                  1,
                  (x, p) -> p.length == 0 ? Exprs.prod(x.get(0)) : Exprs.prod(x.get(0), p))
              .withParameters(0, ANY, "axis"),
          function("cumsum", 1, (x, p) -> Exprs.cumsum(x.get(0), p[0]))
              .withParameters(1, 1, "axis"),
          function("gather", 2, (x, p) -> Exprs.gather(x.get(0), x.get(1), p[0]))
              .withParameters(1, 1, "axis"),
          function("index_select", 2, (x, p) -> Exprs.indexSelect(x.get(0), x.get(1), p[0]))
              .withParameters(1, 1, "axis"),
          function("scatter_add", 2, (x, p) -> Exprs.scatterAdd(x.get(0), x.get(1), p[0], p[1]))
              .withParameters(2, 2, "integer parameter"),
          function("one_hot", 1, (x, p) -> Exprs.oneHot(x.get(0), p[0]))
              .withParameters(1, 1, "number of classes"),
          // linear algebra
          of(new Inv(), 1),
          of(new Det(), 1),
          of(new LogDet(), 1),
          of(new Solve(), 2),
          of(new Trace(), 1),
          of(new Diag(), 1),
          function("eye", 0, (x, p) -> Exprs.eye(p[0])).withParameters(1, 1, "dimension"),
          of(new Outer(), 2),
          of(new Cholesky(), 1));

  /** The built-in functions, in a fixed order (the parser's suggestions prefer earlier names). */
  public static List<LanguageFunction> functions() {
    return FUNCTIONS;
  }
}
