package dev.adjoint.autodiff.parse;

import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.op.BuiltinOps;
import dev.adjoint.autodiff.op.LanguageFunction;
import java.util.List;
import java.util.Map;

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

  /** The parser's entry for {@code f}: a built-in function or a user-defined op. */
  static Signature signature(LanguageFunction f) {
    return new Signature(
        f.name(),
        f.operands(),
        f.minParameters(),
        f.maxParameters(),
        f.parameterName(),
        f.builder()::build);
  }

  /** Any number (at least one) of operands, as for {@code concat}. */
  static final int VARIADIC = LanguageFunction.VARIADIC;

  private static final int ANY = LanguageFunction.ANY;

  /** The built-in functions ({@link BuiltinOps}) and the parser's own constructs. */
  static final Map<String, Signature> TABLE = table();

  /** Alternative spellings of function names, from the built-in functions' declarations. */
  static final Map<String, String> ALIASES = aliases();

  private static Map<String, Signature> table() {
    ImmutableMap.Builder<String, Signature> t = ImmutableMap.builder();
    for (LanguageFunction f : BuiltinOps.functions()) {
      t.put(f.name(), signature(f));
    }
    // Constants and padding are written in the language but are not ops.
    add(t, "zeros", 0, 0, ANY, "dimension", (x, p) -> Constant.zeros(constantShape("zeros", p)));
    add(t, "ones", 0, 0, ANY, "dimension", (x, p) -> Constant.ones(constantShape("ones", p)));
    add(t, "full", 1, 0, ANY, "dimension", Functions::full);
    // norm, var and std are not ops: they are built from sum, abs, max, sqrt and mean, and their
    // optional p, axes and ddof are read by ReductionArguments.
    add(t, "norm", VARIADIC, 0, 1, "axis", ReductionArguments::norm);
    add(t, "var", VARIADIC, 0, 1, "axis", ReductionArguments::variance);
    add(t, "std", VARIADIC, 0, 1, "axis", ReductionArguments::std);
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

  private static Map<String, String> aliases() {
    ImmutableMap.Builder<String, String> a = ImmutableMap.builder();
    for (LanguageFunction f : BuiltinOps.functions()) {
      for (String alias : f.aliases()) {
        a.put(alias, f.name());
      }
    }
    return a.build();
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
