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

  @Test
  void parseErrorEchoesTheExpressionWithACaret() {
    Cli.Run run = Cli.run("grad", "sum((x - 1)^2", "--at", "x=[1,2]");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("\tat ");
    java.util.List<String> lines = run.err().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains("sum((x - 1)^2");
    // The caret points just past the end, where ')' is missing.
    assertThat(lines.get(2).indexOf('^') - lines.get(1).indexOf("sum")).isEqualTo(13);
  }

  @Test
  void unknownVariableInAt() {
    assertOneLineError(Cli.run("grad", "x^2", "--at", "x=1", "z=2"), "unknown variable z", "x");
  }

  @Test
  void unknownVariableInWrt() {
    assertOneLineError(
        Cli.run("grad", "x^2", "--at", "x=1", "--wrt", "q"), "unknown variable q in --wrt");
  }

  @Test
  void missingBinding() {
    assertOneLineError(
        Cli.run("grad", "x * y", "--at", "x=1"), "no value for variable y", "--at y=VALUE");
  }

  @Test
  void shapeMismatch() {
    assertOneLineError(
        Cli.run("grad", "sum(W @ X)", "--at", "W=[[1,2,3]]", "X=[[1],[2]]"),
        "shape mismatch",
        "[1×3]",
        "[2×1]");
  }

  @Test
  void nonScalarExpression() {
    assertOneLineError(Cli.run("grad", "x * 2", "--at", "x=[1,2]"), "scalar", "sum(...)");
  }

  @Test
  void unknownMethod() {
    assertOneLineError(
        Cli.run("minimize", "x^2", "--x0", "x=1", "--method", "bfgs"),
        "unknown method 'bfgs'",
        "lbfgs");
  }

  @Test
  void learningRateForALineSearchMethod() {
    assertOneLineError(
        Cli.run("minimize", "x^2", "--x0", "x=1", "--method", "lbfgs", "--lr", "0.1"), "--lr");
  }

  @Test
  void variableBothOptimisedAndConstant() {
    assertOneLineError(
        Cli.run("minimize", "x^2 + y", "--x0", "x=1", "--at", "x=2", "y=1", "--method", "cg"),
        "both");
  }

  @Test
  void malformedJsonInFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("w.json");
    java.nio.file.Files.writeString(file, "[[1, 2], [3, 4]");
    assertOneLineError(Cli.run("grad", "sum(W)", "--at", "W=@" + file), "malformed JSON", "w.json");
  }

  @Test
  void handGradientOfWrongShape() {
    assertOneLineError(
        Cli.run("check", "sum(x^2)", "--hand", "x=sum(2*x)", "--at", "x=[1,2]"), "shape");
  }

  @Test
  void noProgressIsAcceptedBeforeAndAfterTheCommand() {
    assertThat(Cli.run("--no-progress", "grad", "x^2", "--at", "x=1").status()).isZero();
    assertThat(Cli.run("grad", "x^2", "--at", "x=1", "--no-progress").status()).isZero();
  }
}
