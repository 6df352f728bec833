package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The findings of issue 9 through the command line: outcome, exit status and what the text says;
 * non-finite provenance with --check-finite; expressions that begin with '-'; minimize's status.
 */
class CheckFindingsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String HUBER = "sum(where(le(abs(x - y), 1), 0.5 * (x - y)^2, abs(x - y) - 0.5))";

  static Stream<Arguments> findings() {
    return Stream.of(
        Arguments.of(
            "Huber at |r| = δ, constant hand",
            List.of(HUBER, "--hand", "x=x * 0 + 42", "--at", "x=[2, 0.5, -1]", "y=[1, 0, 0]"),
            1,
            "FAIL",
            "hand vs autodiff: MISMATCH, 3 of 3 elements judged"),
        Arguments.of(
            "Huber at |r| = δ, right hand",
            List.of(
                HUBER,
                "--hand",
                "x=where(le(abs(x - y), 1), x - y, sign(x - y))",
                "--at",
                "x=[2, 0.5, -1]",
                "y=[1, 0, 0]"),
            0,
            "PASS",
            "autodiff vs finite differences: ok, 3 of 3 elements judged"),
        Arguments.of(
            "one-hot softmax, expression beginning with '-'",
            List.of(
                "-sum(t * log(softmax(z)))",
                "--hand",
                "z=softmax(z) - t",
                "--at",
                "z=[0.5, -1, 2]",
                "t=[0, 1, 0]"),
            0,
            "PASS",
            "they agree for your t, not for every t"),
        Arguments.of(
            "missing factor 2",
            List.of(
                "sum((sigmoid(x) - y)^2)",
                "--hand",
                "x=(sigmoid(x) - y) * sigmoid(x) * (1 - sigmoid(x))",
                "--at",
                "x=[0.1, -0.4, 0.3]",
                "y=[1, 0, 1]"),
            1,
            "FAIL",
            "hand = 0.5 × autodiff at every element"),
        Arguments.of(
            "transposed hand gradient",
            List.of(
                "sum((x @ a)^2)",
                "--hand",
                "x=2 * a @ (x @ a)'",
                "--at",
                "x=[[1, 2], [3, -1]]",
                "a=[[0.5, -1], [2, 1]]"),
            1,
            "FAIL",
            "hand is the transpose of autodiff"),
        Arguments.of(
            "sqrt of a negative in a discarded branch",
            List.of(
                "sum(where(gt(x, 0), sqrt(x), 0))",
                "--hand",
                "x=where(gt(x, 0), 0.5 / sqrt(x), 0)",
                "--at",
                "x=[4, -1]"),
            1,
            "FAIL",
            "worst at [1]: autodiff NaN, finite differences 0"),
        Arguments.of(
            "log of 0",
            List.of("sum(log(x))", "--hand", "x=1 / x", "--at", "x=[1, 0]"),
            3,
            "INCONCLUSIVE",
            "log produced -Infinity at [1] in log(x)"),
        Arguments.of(
            "exp overflow",
            List.of("sum(exp(x))", "--hand", "x=exp(x)", "--at", "x=[1, 800]"),
            3,
            "INCONCLUSIVE",
            "exp produced Infinity at [1] in exp(x)"),
        Arguments.of(
            "0/0",
            List.of("sum(x / x)", "--hand", "x=0 * x", "--at", "x=[1, 0]"),
            3,
            "INCONCLUSIVE",
            "produced NaN at [1] in x/x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("findings")
  void checkReportsEachFinding(
      String name, List<String> args, int status, String outcome, String says) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("check");
    all.addAll(args);
    Cli.Run text = Cli.run(all.toArray(new String[0]));
    assertThat(text.status()).as(text.out() + text.err()).isEqualTo(status);
    assertThat(text.out()).contains(": " + outcome).contains(says);
    text.out().lines().forEach(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
    all.add("--json");
    Cli.Run json = Cli.run(all.toArray(new String[0]));
    assertThat(json.status()).isEqualTo(status);
    JsonNode root = JSON.readTree(json.out());
    assertThat(root.get("outcome").asText()).isEqualTo(outcome);
    assertThat(root.get("pass").asBoolean()).isEqualTo(status == 0);
    assertThat(json.out()).doesNotContain("\"NaN\"").doesNotContain("Infinity\"");
  }

  @Test
  void absAtItsKinkPassesAndWritesNoNaNInJson() throws Exception {
    Cli.Run run =
        Cli.run("check", "sum(abs(x))", "--hand", "x=sign(x)", "--at", "x=[0, 2]", "--json");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode x = JSON.readTree(run.out()).get("variables").get("x");
    assertThat(x.get("hand").isNumber()).isTrue();
    JsonNode kink = x.get("kinks").get(0);
    assertThat(kink.get("index").get(0).asInt()).isZero();
    assertThat(kink.get("left").asDouble())
        .isCloseTo(-1.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(kink.get("right").asDouble())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(kink.get("at").asText()).isEqualTo("|x|");
  }

  static Stream<Arguments> nonFinite() {
    return Stream.of(
        Arguments.of(
            List.of("grad", "sum(sqrt(x) * 2)", "--at", "x=[1.0, -1.0]"),
            "sqrt produced NaN at [1] in √(x)",
            "in the loss"),
        Arguments.of(
            List.of("grad", "norm(x)", "--at", "x=[0, 0]"),
            "/ produced Infinity at []",
            "in the gradient with respect to x"),
        Arguments.of(
            List.of("check", "sum(log(x))", "--hand", "x=1/x", "--at", "x=[1, 0]"),
            "log produced -Infinity at [1] in log(x)",
            "in the loss"),
        Arguments.of(
            List.of(
                "minimize",
                "sum(exp(x))",
                "--x0",
                "x=[1, 800]",
                "--method",
                "gd-armijo",
                "--max-iter",
                "3"),
            "exp produced Infinity at [1] in exp(x)",
            "in the loss"));
  }

  @ParameterizedTest
  @MethodSource("nonFinite")
  void checkFiniteNamesTheOpItsInputsAndWhereTheValueIs(
      List<String> args, String op, String where) {
    List<String> all = new ArrayList<>(args);
    all.add("--check-finite");
    Cli.Run run = Cli.run(all.toArray(new String[0]));
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .contains(op)
        .contains("inputs: ")
        .contains("produced here (all inputs finite), " + where)
        .doesNotContain("Exception");
  }

  @Test
  void gradWarnsOnStderrWhenAPrintedValueIsNotFinite() {
    Cli.Run run = Cli.run("grad", "sum(sqrt(x) * 2)", "--at", "x=[1.0, -1.0]");
    assertThat(run.status()).isZero();
    assertThat(run.err())
        .contains("grad: warning: f is NaN at []; --check-finite finds where it arises")
        .contains("grad: warning: ∂f/∂x is NaN at [1]; --check-finite finds where it arises");
    Cli.Run fine = Cli.run("grad", "sum(sqrt(x) * 2)", "--at", "x=[1.0, 4.0]");
    assertThat(fine.err()).isEmpty();
  }

  @Test
  void everyExpressionCommandAcceptsALeadingMinus() throws Exception {
    Cli.Run grad = Cli.run("grad", "-sum(x^2)", "--at", "x=[1, 2]", "--json");
    assertThat(grad.status()).as(grad.err()).isZero();
    assertThat(JSON.readTree(grad.out()).get("value").asDouble()).isEqualTo(-5.0);
    Cli.Run min =
        Cli.run(
            "minimize", "-sum(log(x)) + sum(x)", "--x0", "x=[3]", "--method", "lbfgs", "--json");
    assertThat(min.status()).as(min.err()).isZero();
    assertThat(JSON.readTree(min.out()).get("x").get("x").get(0).asDouble())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    Cli.Run capital = Cli.run("grad", "-V*x", "--at", "V=2", "x=3", "--json");
    assertThat(capital.status()).as(capital.err()).isZero();
    assertThat(JSON.readTree(capital.out()).get("value").asDouble()).isEqualTo(-6.0);
    Cli.Run check = Cli.run("check", "-sum(x^2)", "--hand", "x=-2*x", "--at", "x=[1, 2]", "--json");
    assertThat(check.status()).as(check.err()).isZero();
    for (String[] args :
        new String[][] {
          {"--no-progress", "grad", "-x^2", "--at", "x=3", "--json"},
          {"grad", "--at", "x=3", "--json", "-x^2"},
          {"grad", "-h*x", "--at", "h=3", "x=3", "--json"}
        }) {
      Cli.Run run = Cli.run(args);
      assertThat(run.status()).as(String.join(" ", args) + run.err()).isZero();
      assertThat(JSON.readTree(run.out()).get("value").asDouble()).isEqualTo(-9.0);
    }
    // a misspelt option is still reported as one
    Cli.Run typo = Cli.run("grad", "sum(x^2)", "--at", "x=[1, 2]", "--jsn");
    assertThat(typo.status()).isEqualTo(2);
    assertThat(typo.err()).contains("--jsn");
  }

  @Test
  void minimizeThatStopsWithoutConvergingExitsWithFour() throws Exception {
    Cli.Run run =
        Cli.run(
            "minimize",
            "sum(x^2)",
            "--x0",
            "x=[3]",
            "--method",
            "sgd",
            "--max-iter",
            "2",
            "--json");
    assertThat(run.status()).isEqualTo(ErrorReporter.EXIT_NOT_CONVERGED).isEqualTo(4);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("converged").asBoolean()).isFalse();
    assertThat(root.get("status").asText()).isEqualTo("max-iterations");
    Cli.Run done = Cli.run("minimize", "sum(x^2)", "--x0", "x=[3]", "--method", "lbfgs", "--json");
    assertThat(done.status()).isZero();
    assertThat(JSON.readTree(done.out()).get("converged").asBoolean()).isTrue();
  }
}
