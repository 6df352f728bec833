package dev.adjoint.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * A function of the expression language: its name and aliases, how many operands it takes, how many
 * integer parameters may follow them ({@code sum(x, 0)}, {@code reshape(x, 2, 3)}), and how the
 * node is built. {@link BuiltinOps} lists the built-in ones; the parser's table is read from there.
 *
 * <p>Immutable and thread-safe when the builder is.
 *
 * @param name its name in the language
 * @param aliases other spellings the parser reads ({@code σ} for {@code sigmoid})
 * @param operands how many operands; {@link #VARIADIC} for one or more
 * @param minParameters the fewest integer parameters after the operands
 * @param maxParameters the most integer parameters ({@link #ANY} for any number)
 * @param parameterName what a parameter is, for messages ({@code axis}, {@code dimension})
 * @param builder how the node is built
 */
public record LanguageFunction(
    String name,
    List<String> aliases,
    int operands,
    int minParameters,
    int maxParameters,
    String parameterName,
    Builder builder) {

  /** Any number (at least one) of operands, as for {@code concat}. */
  public static final int VARIADIC = -1;

  /** No upper limit on the number of integer parameters. */
  public static final int ANY = Integer.MAX_VALUE;

  /** Builds a node from operands and integer parameters. */
  public interface Builder {
    /** The node for these operands and parameters. */
    Expr build(List<Expr> operands, int[] parameters);
  }

  public LanguageFunction {
    checkNotNull(name, "name");
    aliases = List.copyOf(aliases);
    checkNotNull(parameterName, "parameterName");
    checkNotNull(builder, "builder");
  }

  /**
   * {@code op} called as a function of {@code operands} operands and no parameters, named by its
   * notation; its Unicode name is an alias when it is a different word ({@code σ}), so the Unicode
   * form reads back.
   */
  public static LanguageFunction of(Op op, int operands) {
    checkNotNull(op, "op");
    Notation n = op.notation();
    checkArgument(
        n.fixity() == Notation.Fixity.FUNCTION,
        "%s is written %s, not as a function, so the language cannot call it",
        op.name(),
        n.fixity());
    List<String> aliases = new ArrayList<>();
    if (!n.unicode().equals(n.plain()) && isWord(n.unicode())) {
      aliases.add(n.unicode());
    }
    return new LanguageFunction(
        n.plain(), aliases, operands, 0, 0, "", (x, p) -> Expr.apply(op, x));
  }

  /** An elementwise function of one operand: {@code of(new Tan())}. */
  public static LanguageFunction of(ElementwiseFunction op) {
    return of(op, 1);
  }

  /** An elementwise function of two operands: {@code of(new Atan2())}. */
  public static LanguageFunction of(ElementwiseBinary op) {
    return of(op, 2);
  }

  /** A function of {@code operands} operands built by {@code builder}, with no parameters. */
  public static LanguageFunction function(String name, int operands, Builder builder) {
    return new LanguageFunction(name, List.of(), operands, 0, 0, "", builder);
  }

  /** This function, taking between {@code min} and {@code max} integer parameters. */
  public LanguageFunction withParameters(int min, int max, String parameterName) {
    return new LanguageFunction(name, aliases, operands, min, max, parameterName, builder);
  }

  private static boolean isWord(String s) {
    return !s.isEmpty()
        && Character.isLetter(s.codePointAt(0))
        && s.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
  }
}
