package dev.adjoint.demos.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.Agreement;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.check.SymbolicComparison;
import dev.adjoint.autodiff.check.VariableReport;
import dev.adjoint.demos.io.Assignments;
import dev.adjoint.demos.io.InputException;
import dev.adjoint.demos.io.TensorJson;
import java.io.PrintWriter;
import java.util.Arrays;
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
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
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
    expression = ExpressionLanguage.fromArgument(expression);
    Bindings bindings = Assignments.parse(at, "--at");
    Expr loss = ExpressionLanguage.parseScalarLoss("check", expression, bindings, "--at", "--at");
    Map<String, Variable> written = Variables.written(expression, loss, bindings);
    GradientCheck check = GradientCheck.of(loss).withCanonicalForm(ExpressionLanguage::simplify);
    for (Map.Entry<String, String> e : hand.entrySet()) {
      String name = e.getKey().strip();
      Variable v = Variables.select(written, List.of(name), "--hand").get(0);
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
      check = check.withHandDerived(v, gradient);
    }
    List<Variable> checked = Variables.select(written, hand.keySet(), "--hand");
    GradientCheckReport report = check.withRespectTo(checked.toArray(new Variable[0])).at(bindings);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(TensorJson.write(toJson(report)));
    } else {
      out.print(report);
    }
    out.flush();
    return report.passed() ? 0 : ErrorReporter.EXIT_MISMATCH;
  }

  /** The report as the documented JSON object. */
  static ObjectNode toJson(GradientCheckReport report) {
    ObjectNode root = TensorJson.object();
    root.put("pass", report.passed());
    ObjectNode variables = root.putObject("variables");
    for (VariableReport r : report.variables()) {
      ObjectNode v = variables.putObject(r.variable().name());
      Agreement a = r.handVsAutodiff().orElse(r.autodiffVsFiniteDifferences());
      v.put("pass", r.passed());
      v.put("maxAbsError", a.maxAbsoluteError());
      v.put("maxRelError", a.maxRelativeError());
      ArrayNode index = v.putArray("worstIndex");
      a.worstIndex().ifPresent(ix -> Arrays.stream(ix).forEach(index::add));
      int[] worst = a.worstIndex().orElse(new int[r.variable().shape().rank()]);
      if (r.handVsAutodiff().isPresent()) {
        v.put("hand", a.leftValue());
      } else {
        v.putNull("hand");
      }
      v.put("autodiff", r.autodiff().get(worst));
      v.put("finiteDifference", r.finiteDifferences().get(worst));
      v.put("autodiffMatchesFiniteDifferences", r.autodiffMatchesFiniteDifferences());
      v.put("symbolicMatch", r.symbolic().map(SymbolicComparison::identical).orElse(false));
    }
    return root;
  }
}
