package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.demos.io.Excerpt;
import dev.adjoint.demos.io.InputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of an expression, matched against what the user bound and named: every variable
 * needs a value, every bound or named variable must occur in the expression.
 *
 * <p>Stateless and thread-safe.
 */
public final class Variables {
  private Variables() {}

  /** The variables of {@code e} by name, in the order the graph reaches them. */
  public static Map<String, Variable> of(Expr e) {
    Map<String, Variable> vars = new LinkedHashMap<>();
    for (Expr node : Graph.topologicalOrder(List.of(e))) {
      if (node instanceof Variable v) {
        vars.put(v.name(), v);
      }
    }
    return vars;
  }

  /**
   * The variables the user wrote in {@code text}, parsed as {@code e}: those of {@code e}, and also
   * those that a build-time rewrite dropped from it ({@code x} in {@code x^0}), with the shape of
   * their bound value. Matching bindings against these, not the graph's, keeps {@code grad 'x*0'
   * --at x=1} from calling x unknown; its gradient with respect to x is then 0.
   */
  public static Map<String, Variable> written(String text, Expr e, Bindings bindings) {
    Map<String, Variable> vars = new LinkedHashMap<>(of(e));
    for (String name : Parser.variableNames(text)) {
      if (!vars.containsKey(name)) {
        bindings.get(name).ifPresent(value -> vars.put(name, Variable.of(name, value.shape())));
      }
    }
    return vars;
  }

  /**
   * Checks that every variable of {@code e} is bound and every bound name is a variable of {@code
   * e}.
   *
   * @throws InputException naming the missing or unknown variable
   */
  public static void checkBound(Expr e, Bindings bindings, String option) {
    checkBound(of(e), bindings, option);
  }

  /**
   * Checks that every variable in {@code vars} is bound and every bound name is in {@code vars}.
   *
   * @throws InputException naming the missing or unknown variable
   */
  public static void checkBound(Map<String, Variable> vars, Bindings bindings, String option) {
    for (Variable v : vars.values()) {
      if (bindings.get(v.name()).isEmpty()) {
        throw new InputException(
            "no value for variable "
                + v.name()
                + "; bind it with "
                + option
                + " "
                + v.name()
                + "=VALUE");
      }
    }
    for (String name : bindings.names()) {
      if (!vars.containsKey(name)) {
        throw unknown(name, vars.keySet(), option);
      }
    }
  }

  /**
   * The variables named in {@code names}, in that order.
   *
   * @throws InputException naming a variable that does not occur in {@code e}
   */
  public static List<Variable> select(Expr e, Collection<String> names, String option) {
    return select(of(e), names, option);
  }

  /**
   * The variables named in {@code names}, in that order.
   *
   * @throws InputException naming a variable that is not in {@code vars}, or one named twice
   */
  public static List<Variable> select(
      Map<String, Variable> vars, Collection<String> names, String option) {
    List<Variable> selected = new ArrayList<>();
    for (String name : names) {
      Variable v = vars.get(name.strip());
      if (v == null) {
        throw unknown(name.strip(), vars.keySet(), option);
      }
      if (selected.contains(v)) {
        throw new InputException(option + " names " + v.name() + " twice; name each variable once");
      }
      selected.add(v);
    }
    return selected;
  }

  /** An error for a name that is not a variable of the expression. */
  static InputException unknown(String name, Collection<String> known, String option) {
    return new InputException(
        "unknown variable "
            + Excerpt.of(name, 30)
            + " in "
            + option
            + ": the expression's variables are "
            + (known.isEmpty() ? "none" : String.join(", ", known)));
  }
}
