package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input prints one line to stderr, no stack trace, and exits with status 2. */
class ErrorsTest {

  private static void assertOneLineError(Cli.Run run, String... fragments) {
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    for (String f : fragments) {
      assertThat(run.err()).contains(f);
    }
  }

  @Test
  void unknownOption() {
    assertOneLineError(
        Cli.run("grad", "x", "--at", "x=1", "--bogus"), "Unknown option", "'--bogus'");
  }

  @Test
  void unknownCommand() {
    assertOneLineError(Cli.run("gard"), "gard", "did you mean grad");
  }

  @Test
  void missingRequiredOption() {
    assertOneLineError(Cli.run("grad", "x"), "--at");
  }

  @Test
  void assignmentWithoutEquals() {
    assertOneLineError(Cli.run("grad", "x", "--at", "x"), "KEY=VALUE");
  }

  @Test
  void malformedJson() {
    assertOneLineError(
        Cli.run("grad", "x", "--at", "x=[1,,2]"), "malformed JSON in the value of x (--at)");
  }

  @Test
  void raggedArray() {
    assertOneLineError(Cli.run("grad", "sum(W)", "--at", "W=[[1,2],[3]]"), "ragged");
  }

  @Test
  void badOptionValue() {
    assertOneLineError(
        Cli.run("minimize", "x", "--x0", "x=1", "--method", "sgd", "--max-iter", "many"),
        "--max-iter");
  }

  @Test
  void debugShowsTheStackTrace() {
    Cli.Run run = Cli.run("--debug", "grad", "x", "--at", "x=[1,,2]");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void noCommandPrintsUsage() {
    Cli.Run run = Cli.run();
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: adjoint");
  }

  @Test
  void helpAndVersion() {
    assertThat(Cli.run("--help").out()).contains("tour", "grad", "check", "minimize", "demo");
    assertThat(Cli.run("--version").out()).startsWith("adjoint ");
    for (String command : new String[] {"tour", "grad", "check", "minimize", "demo"}) {
      Cli.Run run = Cli.run(command, "--help");
      assertThat(run.status()).isZero();
      assertThat(run.out()).contains("Usage: adjoint " + command);
    }
    assertThat(Cli.run("demo", "mlp", "--help").out()).contains("Usage: adjoint demo mlp");
    assertThat(Cli.run("demo", "rosenbrock", "--help").out())
        .contains("Usage: adjoint demo rosenbrock");
  }
}
