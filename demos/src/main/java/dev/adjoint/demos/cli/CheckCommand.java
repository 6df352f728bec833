package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.demos.io.Assignments;
import dev.adjoint.demos.io.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint check EXPR --hand NAME=EXPR... --at NAME=VALUE...}: compares hand-derived gradient
 * expressions with Adjoint's and with finite differences; exit status 1 when any differs.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare hand-derived gradients with autodiff and finite differences.",
      "Exit status 0 when all agree, 1 when any differs.",
      "",
      "Example: adjoint check 'sum(x^3)' --hand 'x=3*x^2' --at 'x=[1,2]'"
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPR", description = "A scalar expression.")
  String expression;

  @Option(
      names = "--hand",
      paramLabel = "NAME=EXPR",
      arity = "1..*",
      required = true,
      description = "A hand-derived gradient with respect to NAME, as an expression.")
  Map<String, String> hand = new LinkedHashMap<>();

  @Option(
      names = "--at",
      paramLabel = "NAME=VALUE",
      arity = "1..*",
      required = true,
      description = "A value for a variable: a JSON number or nested array, or @file.json.")
  Map<String, String> at = new LinkedHashMap<>();

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    Bindings bindings = Assignments.parse(at, "--at");
    Expr loss = ExpressionLanguage.parse(expression, bindings, "--at");
    Variables.checkBound(loss, bindings, "--at");
    if (!loss.shape().isScalar()) {
      throw new InputException(
          "check needs a scalar expression, but "
              + expression.strip()
              + " has shape "
              + loss.shape()
              + "; wrap it in sum(...)");
    }
    for (Map.Entry<String, String> e : hand.entrySet()) {
      String name = e.getKey().strip();
      Variable v = Variables.select(loss, List.of(name), "--hand").get(0);
      Expr gradient = ExpressionLanguage.parse(e.getValue(), bindings, "--at");
      if (!gradient.shape().equals(v.shape())) {
        throw new InputException(
            "shape mismatch: the hand-derived gradient for "
                + name
                + " has shape "
                + gradient.shape()
                + ", but "
                + name
                + " has shape "
                + v.shape());
      }
    }
    throw new NotAvailableException(
        "the gradient checker (dev.adjoint.autodiff.check) is not available in this build yet");
  }
}
