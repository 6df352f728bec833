package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One generated case: an expression, the point its variables are bound to, and the seed it came
 * from. The scalar loss the gradient checks differentiate is {@link #loss()}.
 *
 * @param seed the generator seed (for the failure message)
 * @param expression the generated expression, of any shape
 * @param point values for every variable of the loss, including the weights {@link #WEIGHTS}
 */
record FuzzCase(long seed, Expr expression, Bindings point) {
  /** The name of the weights of the loss. */
  static final String WEIGHTS = "w";

  /**
   * The scalar {@code sum(expression ⊙ w)}, with random weights {@code w} of the expression's
   * shape, so that every element counts with its own weight and a misaligned element shows.
   */
  Expr loss() {
    return Exprs.sum(Exprs.mul(expression, Variable.of(WEIGHTS, expression.shape().dims())));
  }

  /** The variables of the loss, in schedule order. */
  List<Variable> variables() {
    List<Variable> variables = new ArrayList<>();
    for (Expr node : Graph.topologicalOrder(List.of(loss()))) {
      if (node instanceof Variable v) {
        variables.add(v);
      }
    }
    return variables;
  }

  /** The point restricted to the variables the loss still uses. */
  Bindings usedPoint() {
    Bindings b = Bindings.of();
    for (Variable v : variables()) {
      b = b.with(v, point.get(v.name()).orElseThrow());
    }
    return b;
  }

  /** How many distinct nodes the expression has: what shrinking reduces. */
  int size() {
    return Graph.topologicalOrder(List.of(expression)).size();
  }

  /** The case for a failure message: the expression, the shapes and the point. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("  seed:       ").append(seed).append('\n');
    sb.append("  expression: ").append(expression).append('\n');
    sb.append("  loss:       ").append(loss()).append('\n');
    Map<String, String> shapes = new TreeMap<>();
    Map<String, String> values = new TreeMap<>();
    for (Variable v : variables()) {
      shapes.put(v.name(), v.shape().toString());
      values.put(v.name(), point.get(v.name()).map(Object::toString).orElse("unbound"));
    }
    sb.append("  shapes:     ").append(shapes).append('\n');
    sb.append("  point:      ").append(values).append('\n');
    return sb.toString();
  }
}
