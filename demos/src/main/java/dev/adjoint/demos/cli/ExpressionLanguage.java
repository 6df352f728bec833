package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import java.util.List;

/**
 * The seam between the command line and the library's expression language: parsing text into an
 * {@link Expr} (variables take their shapes from the bound values), printing it in Unicode math,
 * simplifying, and exporting Graphviz DOT.
 */
public final class ExpressionLanguage {
  private ExpressionLanguage() {}

  /**
   * Parses {@code text}; each variable takes the shape of its value in {@code bindings}.
   *
   * @throws dev.adjoint.demos.io.InputException or the parser's exception (an {@link
   *     IllegalArgumentException}) naming the position with a caret
   */
  public static Expr parse(String text, Bindings bindings) {
    throw new NotAvailableException(
        "the expression parser (dev.adjoint.autodiff.parse) is not available in this build yet");
  }

  /** The expression in Unicode math, e.g. {@code (σ(W·X) − y)²}. */
  public static String unicode(Expr e) {
    return e.toString();
  }

  /** The expression simplified by the library's rewrite rules. */
  public static Expr simplify(Expr e) {
    return e;
  }

  /** Graphviz DOT for the graph of {@code roots}, each labelled with its name. */
  public static String dot(List<Expr> roots, List<String> names) {
    throw new NotAvailableException(
        "the DOT exporter (dev.adjoint.autodiff.print) is not available in this build yet");
  }
}
