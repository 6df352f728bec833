package dev.adjoint.demos.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.demos.io.Assignments;
import dev.adjoint.demos.io.InputException;
import dev.adjoint.demos.io.OutputLocations;
import dev.adjoint.demos.io.TensorJson;
import dev.adjoint.demos.plot.LossCurvePlot;
import dev.adjoint.demos.progress.Progress;
import dev.adjoint.demos.text.Numbers;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.IterationRecord;
import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.Optimization;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code adjoint minimize EXPR --x0 NAME=VALUE... --method M}: runs an optimizer on an expression.
 * Exits with 0 when a convergence test was met, {@value ErrorReporter#EXIT_NOT_CONVERGED} when the
 * run stopped otherwise (iteration limit, failed line search, non-finite value), as SciPy's {@code
 * success} is false; the JSON says {@code "converged": false}.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "minimize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Minimise a scalar expression over the variables named by --x0.",
      "Exit status 0 when a convergence test was met, 4 when the run stopped without one",
      "(iteration limit, failed line search, non-finite value).",
      "",
      "Example: adjoint minimize '(1 - x)^2 + 100*(y - x^2)^2' --x0 x=-1.2 y=1 \\",
      "           --method lbfgs"
    })
public final class MinimizeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPR", description = "A scalar expression.")
  String expression;

  @Option(
      names = "--x0",
      paramLabel = "NAME=VALUE",
      arity = "1..*",
      required = true,
      description = "A variable to optimise and its starting value.")
  Map<String, String> x0 = new LinkedHashMap<>();

  @Option(
      names = "--at",
      paramLabel = "NAME=VALUE",
      arity = "1..*",
      description = "A constant: a variable held fixed at this value.")
  Map<String, String> at = new LinkedHashMap<>();

  @Option(
      names = "--method",
      paramLabel = "M",
      required = true,
      completionCandidates = Methods.class,
      description = "One of: ${COMPLETION-CANDIDATES}.")
  String method;

  @Option(
      names = "--lr",
      paramLabel = "R",
      description =
          "Learning rate of the first-order methods sgd … adam (default: torch's, 1e-3 for sgd and adam, 1e-2 for adagrad and rmsprop).")
  Double learningRate;

  @Option(
      names = "--momentum",
      paramLabel = "B",
      description = "Momentum coefficient of momentum and nesterov (default 0.9).")
  Double momentum;

  @Option(
      names = "--max-iter",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Iteration limit (default ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(
      names = "--gtol",
      paramLabel = "T",
      defaultValue = "1e-6",
      description = "Stop when ‖∇f‖∞ ≤ T (default ${DEFAULT-VALUE}).")
  double gradientTolerance;

  @Option(names = "--plot", paramLabel = "FILE", description = "Save the loss curve as PNG.")
  Path plot;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(
      names = "--check-finite",
      description =
          "Stop at the first NaN or infinity in the loss or its gradients, naming the op, its"
              + " inputs and where it arose.")
  boolean checkFinite;

  @Override
  public Integer call() {
    expression = ExpressionLanguage.fromArgument(expression);
    Minimizer minimizer = Methods.byName(method, learningRate, momentum);
    if (maxIterations < 0) {
      throw new InputException("--max-iter must be ≥ 0, got " + maxIterations);
    }
    if (!(gradientTolerance >= 0)) {
      throw new InputException("--gtol must be ≥ 0, got " + gradientTolerance);
    }
    if (plot != null) {
      OutputLocations.file(plot, "--plot");
    }
    Bindings start = Assignments.parse(x0, "--x0");
    Bindings constants = Assignments.parse(at, "--at");
    for (String name : start.names()) {
      if (constants.get(name).isPresent()) {
        throw new InputException(
            name + " is given both by --x0 (optimised) and by --at (held constant); choose one");
      }
    }
    Bindings all = start;
    for (String name : constants.names()) {
      all = all.with(name, constants.get(name).orElseThrow());
    }
    Expr loss =
        ExpressionLanguage.parseScalarLoss("minimize", expression, all, "--at", "--x0 or --at");
    List<Variable> variables =
        Variables.select(Variables.written(expression, loss, all), start.names(), "--x0");
    ExprObjective objective = ExprObjective.of(loss, variables, constants);
    Objective evaluated =
        checkFinite ? new FiniteCheckedObjective(objective, loss, variables, constants) : objective;
    OptimizationResult result;
    try (Progress progress =
        Progress.start("minimize " + method, maxIterations, Flags.progress(spec))) {
      result =
          Optimization.of(minimizer)
              .stopWhen(
                  StoppingRule.gradientNormBelow(gradientTolerance)
                      .or(StoppingRule.maxIterations(maxIterations)))
              .listener(r -> progress.update(r.iteration(), "f = " + Numbers.sig(r.value())))
              .minimize(evaluated, objective.toPoint(start));
    }
    Bindings solution = objective.toBindings(result.point());
    if (plot != null) {
      double[] curve = result.history().stream().mapToDouble(IterationRecord::value).toArray();
      LossCurvePlot.titled(
              "minimize " + ExpressionLanguage.unicode(loss) + " with " + result.method(),
              "iteration",
              "f")
          .curve(result.method(), curve)
          .save(plot);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(TensorJson.write(toJson(result, solution, variables)));
    } else {
      printText(out, loss, result, solution, variables);
    }
    out.flush();
    return result.status().isConverged() ? 0 : ErrorReporter.EXIT_NOT_CONVERGED;
  }

  private ObjectNode toJson(
      OptimizationResult result, Bindings solution, List<Variable> variables) {
    ObjectNode root = TensorJson.object();
    root.put("method", method.strip().toLowerCase(java.util.Locale.ROOT));
    root.put("status", Methods.statusName(result.status()));
    root.put("converged", result.status().isConverged());
    root.put("message", result.message());
    root.put("f", result.value());
    ObjectNode x = root.putObject("x");
    for (Variable v : variables) {
      x.set(v.name(), TensorJson.toJson(solution.get(v.name()).orElseThrow()));
    }
    root.put("gradNorm", result.gradientNorm());
    root.put("iterations", result.iterations());
    root.put("evaluations", result.evaluations());
    root.put("seconds", result.elapsedNanos() / 1e9);
    if (plot != null) {
      root.put("plot", plot.toString());
    }
    return root;
  }

  private void printText(
      PrintWriter out,
      Expr loss,
      OptimizationResult result,
      Bindings solution,
      List<Variable> variables) {
    out.println("minimize " + ExpressionLanguage.unicode(loss) + " with " + result.method());
    out.println(
        "  "
            + Methods.statusName(result.status())
            + " after "
            + result.iterations()
            + " iterations, "
            + result.evaluations()
            + " evaluations, "
            + Numbers.duration(result.elapsedNanos())
            + ": "
            + result.message().replaceFirst("^converged: ", ""));
    out.println("  f = " + result.value() + ",  ‖∇f‖∞ = " + Numbers.sig(result.gradientNorm()));
    for (Variable v : variables) {
      out.println("  " + v.name() + " = " + solution.get(v.name()).orElseThrow());
    }
    if (plot != null) {
      out.println("  loss curve: " + plot);
    }
  }
}
