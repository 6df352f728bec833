package dev.adjoint.demos.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint minimize EXPR --x0 NAME=VALUE... --method M}: runs an optimizer on an expression.
 */
@Command(
    name = "minimize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Minimise a scalar expression over the variables named by --x0.",
      "",
      "Example: adjoint minimize \"(1 - x)^2 + 100*(y - x^2)^2\" --x0 x=-1.2 --x0 y=1 --method lbfgs"
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
      description = "One of: ${COMPLETION-CANDIDATES}.")
  String method;

  @Option(names = "--lr", paramLabel = "R", description = "Learning rate of first-order methods.")
  Double learningRate;

  @Option(
      names = "--momentum",
      paramLabel = "B",
      description = "Momentum coefficient (momentum, nesterov).")
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

  @Override
  public Integer call() {
    throw new NotAvailableException(
        "the optimizers (module optim) are not available in this build yet");
  }
}
