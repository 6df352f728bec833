package dev.adjoint.demos.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.Agreement;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.check.Kink;
import dev.adjoint.autodiff.check.Outcome;
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
 * expressions with Adjoint's and with finite differences. Exit status 0 for PASS, 1 for FAIL, 3 for
 * INCONCLUSIVE (some element could not be judged numerically).
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare hand-derived gradients with autodiff and finite differences.",
      "Exit status 0 PASS, 1 FAIL (a mismatch), 3 INCONCLUSIVE (some element could not be",
      "judged numerically: the loss is not finite there, or jumps).",
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

  @Option(
      names = "--check-finite",
      description =
          "Stop at the first NaN or infinity in the loss, its gradients or the hand-derived"
              + " ones, naming the op, its inputs and where it arose.")
  boolean checkFinite;

  @Override
  public Integer call() {
    expression = ExpressionLanguage.fromArgument(expression);
    Bindings bindings = Assignments.parse(at, "--at");
    Expr loss = ExpressionLanguage.parseScalarLoss("check", expression, bindings, "--at", "--at");
    Map<String, Variable> written = Variables.written(expression, loss, bindings);
    GradientCheck check = GradientCheck.of(loss).withCanonicalForm(ExpressionLanguage::simplify);
    if (checkFinite) {
      check = check.checkingFinite();
    }
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
                + v.shape()
                + (transposed(gradient.shape(), v.shape()) ? " (a transpose?)" : ""));
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
    return exitStatus(report.outcome());
  }

  /** 0 for PASS, {@value ErrorReporter#EXIT_MISMATCH} for FAIL, and its own for INCONCLUSIVE. */
  static int exitStatus(Outcome outcome) {
    return switch (outcome) {
      case PASS -> 0;
      case FAIL -> ErrorReporter.EXIT_MISMATCH;
      case INCONCLUSIVE -> ErrorReporter.EXIT_INCONCLUSIVE;
    };
  }

  private static boolean transposed(Shape a, Shape b) {
    return a.rank() == 2 && b.rank() == 2 && a.dim(0) == b.dim(1) && a.dim(1) == b.dim(0);
  }

  /** The report as the documented JSON object. */
  static ObjectNode toJson(GradientCheckReport report) {
    ObjectNode root = TensorJson.object();
    root.put("outcome", report.outcome().name());
    root.put("pass", report.passed());
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode warnings = root.putArray("warnings");
    report.warnings().forEach(warnings::add);
    ObjectNode variables = root.putObject("variables");
    for (VariableReport r : report.variables()) {
      ObjectNode v = variables.putObject(r.variable().name());
      Agreement a = r.handVsAutodiff().orElse(r.autodiffVsFiniteDifferences());
      v.put("outcome", r.outcome().name());
      v.put("pass", r.passed());
      number(v, "maxAbsError", a.maxAbsoluteError());
      number(v, "maxRelError", a.maxRelativeError());
      ArrayNode index = v.putArray("worstIndex");
      a.worstIndex().ifPresent(ix -> Arrays.stream(ix).forEach(index::add));
      int[] worst = a.worstIndex().orElse(new int[r.variable().shape().rank()]);
      if (r.hand().isPresent()) {
        number(v, "hand", r.hand().get().get(worst));
      } else {
        v.putNull("hand");
      }
      number(v, "autodiff", r.autodiff().get(worst));
      number(v, "finiteDifference", r.finiteDifferences().get(worst));
      v.put("autodiffMatchesFiniteDifferences", r.autodiffMatchesFiniteDifferences());
      v.put("symbolicMatch", r.symbolic().map(SymbolicComparison::identical).orElse(false));
      v.put("notJudged", r.autodiffVsFiniteDifferences().notJudgedElements());
      ArrayNode kinks = v.putArray("kinks");
      for (Kink k : r.kinks()) {
        ObjectNode kink = kinks.addObject();
        ArrayNode at = kink.putArray("index");
        Arrays.stream(k.index()).forEach(at::add);
        kink.put("jump", k.jump());
        number(kink, "left", k.left());
        number(kink, "right", k.right());
        kink.put("at", k.expression());
      }
      ArrayNode diagnosis = v.putArray("diagnosis");
      r.diagnosis().forEach(diagnosis::add);
    }
    return root;
  }

  /** A number, or null when it is not finite (JSON has no NaN). */
  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
