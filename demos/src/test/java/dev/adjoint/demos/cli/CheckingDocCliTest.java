package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command-line examples of docs/checking.md, run in-process: the note must show their real
 * output (stdout, then stderr, as a terminal interleaves them for these commands).
 */
class CheckingDocCliTest {
  static final String HUBER = "sum(where(le(abs(x - y), 1), 0.5 * (x - y)^2, abs(x - y) - 0.5))";

  static Stream<List<String>> examples() {
    return Stream.of(
        List.of("check", HUBER, "--hand", "x=x * 0 + 42", "--at", "x=[2, 0.5, -1]", "y=[1, 0, 0]"),
        List.of(
            "check",
            HUBER,
            "--hand",
            "x=where(le(abs(x - y), 1), x - y, sign(x - y))",
            "--at",
            "x=[2, 0.5, -1]",
            "y=[1, 0, 0]"),
        List.of(
            "check",
            "sum(relu(x))",
            "--hand",
            "x=where(gt(x, 0), 1, 0) + where(eq(x, 0), 0.5, 0)",
            "--at",
            "x=[0.5, 0, -1]"),
        List.of(
            "check",
            "-sum(t * log(softmax(z)))",
            "--hand",
            "z=softmax(z) - t",
            "--at",
            "z=[0.5, -1, 2]",
            "t=[0, 1, 0]"),
        List.of(
            "check",
            "sum((sigmoid(W @ X) - y)^2)",
            "--hand",
            "W=(sigmoid(W @ X) - y) * sigmoid(W @ X) * (1 - sigmoid(W @ X)) @ X'",
            "--at",
            "W=[[0.1, 0.2, 0.3]]",
            "X=[[1, 0.5], [2, -1], [3, 0]]",
            "y=[[1, 0]]"),
        List.of(
            "check",
            "sum((x @ a)^2)",
            "--hand",
            "x=2 * a @ (x @ a)'",
            "--at",
            "x=[[1, 2], [3, -1]]",
            "a=[[0.5, -1], [2, 1]]"),
        List.of(
            "check",
            "sum(where(gt(x, 0), sqrt(x), 0))",
            "--hand",
            "x=where(gt(x, 0), 0.5 / sqrt(x), 0)",
            "--at",
            "x=[4, -1]"),
        List.of("grad", "sum(where(gt(x, 0), sqrt(x), 0))", "--at", "x=[4, -1]", "--check-finite"),
        List.of("grad", "sum(x^y)", "--at", "x=[-2, 3]", "y=2", "--check-finite"),
        List.of("check", "sum(log(x))", "--hand", "x=1 / x", "--at", "x=[1, 0]"),
        List.of("check", "sum(log(x))", "--hand", "x=1 / x", "--at", "x=[1, 0]", "--check-finite"),
        List.of("grad", "sum(exp(x))", "--at", "x=[1, 800]", "--check-finite"),
        List.of("check", "sum(x / x)", "--hand", "x=0 * x", "--at", "x=[1, 0]"),
        List.of("grad", "norm(x)", "--at", "x=[0, 0]", "--check-finite"),
        List.of("grad", "sum(sqrt(x) * 2)", "--at", "x=[1.0, -1.0]"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theNoteShowsTheRealOutput(List<String> args) throws IOException {
    String doc = Files.readString(Path.of("../docs/checking.md"), StandardCharsets.UTF_8);
    Cli.Run run = Cli.run(args.toArray(new String[0]));
    // the jar names itself "adjoint"; in-process runs do too
    String shown = run.err() + run.out() + "[exit status " + run.status() + "]";
    assertThat(doc).contains(shown.strip());
  }
}
