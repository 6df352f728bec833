package dev.adjoint.demos.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint demo}: the plotted demos.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Plotted demos: a trained MLP's decision boundary, optimizer paths on Rosenbrock.",
    subcommands = {MlpDemoCommand.class, RosenbrockDemoCommand.class})
public final class DemoCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a demo: mlp or rosenbrock");
  }
}
