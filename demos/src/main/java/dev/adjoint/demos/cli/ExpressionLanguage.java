package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.parse.ParseException;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.autodiff.print.DotExporter;
import dev.adjoint.autodiff.print.Printer;
import dev.adjoint.autodiff.simplify.Simplifier;
import dev.adjoint.demos.io.BoundedInput;
import dev.adjoint.demos.io.Excerpt;
import dev.adjoint.demos.io.InputException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seam between the command line and the library's expression language: parsing text into an
 * {@link Expr} (variables take their shapes from the bound values), printing it in Unicode math,
 * simplifying, and exporting Graphviz DOT.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpressionLanguage {
  private static final Printer UNICODE = Printer.unicode();

  /** The parser's reason for a name that is neither bound nor a function. */
  private static final Pattern UNKNOWN_VARIABLE = Pattern.compile("unknown variable (\\w+)");

  /** Shape errors name the op first, as in "matmul: inner dimensions differ: ...". */
  private static final Pattern SHAPE_ERROR = Pattern.compile("\\w+: .*\\[.*\\]");

  private ExpressionLanguage() {}

  /** The EXPR argument that means "read the expression from standard input". */
  public static final String STDIN = "-";

  /**
   * The expression text an EXPR argument stands for: the argument itself, or for {@value #STDIN}
   * standard input (at most {@value BoundedInput#MAX_BYTES} bytes), for expressions too long for a
   * command line ({@code adjoint grad - --at x=1 < loss.txt}).
   *
   * @throws InputException when standard input is too long, not UTF-8 or empty
   */
  public static String fromArgument(String argument) {
    if (!STDIN.equals(argument)) {
      return argument;
    }
    String text;
    try {
      text = BoundedInput.read(System.in, "the expression on standard input");
    } catch (IOException e) {
      throw new InputException("cannot read the expression from standard input", e);
    }
    if (text.isBlank()) {
      throw new InputException("the expression on standard input is empty");
    }
    return text.strip();
  }

  /**
   * Parses {@code text}; each variable takes the shape of its value in {@code bindings}.
   *
   * <p>Syntax errors come back as the parser's {@link ParseException}, which echoes the text with a
   * caret under the position. Errors that are about the values rather than the text become one
   * line: a variable without a value names the option to bind it with, and shapes that do not fit
   * name the op and both shapes.
   *
   * @param bindOption the option that binds values, for the hint in "no value" errors
   * @throws ParseException for a syntax error
   * @throws InputException for a variable without a value or shapes that do not fit
   */
  public static Expr parse(String text, Bindings bindings, String bindOption) {
    try {
      return Parser.parse(text, bindings);
    } catch (ParseException e) {
      Matcher unknown = UNKNOWN_VARIABLE.matcher(e.reason());
      String column = " (at column " + (e.position() + 1) + " of the expression)";
      if (unknown.lookingAt()) {
        String name = unknown.group(1);
        throw new InputException(
            "no value for variable "
                + name
                + column
                + "; bind it with "
                + bindOption
                + " "
                + name
                + "=VALUE",
            e);
      }
      if (SHAPE_ERROR.matcher(e.reason()).lookingAt()) {
        throw new InputException("shape mismatch: " + e.reason() + column, e);
      }
      throw e;
    }
  }

  /**
   * Parses a loss for {@code command}: as {@link #parse}, then checks that every variable is bound
   * and that the expression is a scalar.
   *
   * @param missingHint the options that bind values, named when a variable has none
   * @throws InputException for an unbound variable or a non-scalar expression
   */
  public static Expr parseScalarLoss(
      String command, String text, Bindings bindings, String bindOption, String missingHint) {
    Expr loss = parse(text, bindings, bindOption);
    Variables.checkBound(Variables.written(text, loss, bindings), bindings, missingHint);
    if (!loss.shape().isScalar()) {
      throw new InputException(
          command
              + " needs a scalar expression, but "
              + Excerpt.of(text.strip())
              + " has shape "
              + loss.shape()
              + "; wrap it in sum(...)");
    }
    return loss;
  }

  /** The expression in Unicode math, e.g. {@code (σ(W·X) − y)²}. */
  public static String unicode(Expr e) {
    return UNICODE.print(e);
  }

  /** The expression simplified by the library's rewrite rules. */
  public static Expr simplify(Expr e) {
    return Simplifier.simplify(e);
  }

  /** Graphviz DOT for named forward outputs (the loss) and backward outputs (its gradients). */
  public static String dot(Map<String, Expr> forward, Map<String, Expr> backward) {
    return DotExporter.export(forward, backward);
  }
}
