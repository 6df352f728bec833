package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String NEURON = "sum((sigmoid(W @ X) - y)^2)";
  private static final String[] AT = {
    "--at", "W=[[0.1,0.2,0.3]]", "X=[[1,0.5],[2,-1],[3,0]]", "y=[[1,0]]"
  };

  private static String[] args(String hand, boolean json) {
    java.util.List<String> a = new java.util.ArrayList<>();
    a.add("check");
    a.add(NEURON);
    a.add("--hand");
    a.add(hand);
    a.addAll(java.util.List.of(AT));
    if (json) {
      a.add("--json");
    }
    return a.toArray(new String[0]);
  }

  @Test
  void handDerivationAgrees() throws Exception {
    Cli.Run run =
        Cli.run(args("W=2*(sigmoid(W @ X) - y)*sigmoid(W @ X)*(1 - sigmoid(W @ X)) @ X'", true));
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("pass").asBoolean()).isTrue();
    JsonNode w = root.get("variables").get("W");
    for (String field :
        new String[] {
          "maxAbsError",
          "maxRelError",
          "worstIndex",
          "hand",
          "autodiff",
          "finiteDifference",
          "symbolicMatch"
        }) {
      assertThat(w.has(field)).as(field).isTrue();
    }
    assertThat(w.get("maxAbsError").asDouble()).isLessThan(1e-12);
    assertThat(w.get("worstIndex").size()).isEqualTo(2);
    assertThat(w.get("hand").asDouble())
        .isCloseTo(w.get("autodiff").asDouble(), within(1e-12))
        .isCloseTo(w.get("finiteDifference").asDouble(), within(1e-6));
  }

  @Test
  void wrongHandDerivationExitsWithOne() throws Exception {
    // Forgets the factor (1 − σ).
    Cli.Run run = Cli.run(args("W=2*(sigmoid(W @ X) - y)*sigmoid(W @ X) @ X'", true));
    assertThat(run.status()).isEqualTo(1);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("pass").asBoolean()).isFalse();
    JsonNode w = root.get("variables").get("W");
    assertThat(w.get("maxAbsError").asDouble()).isGreaterThan(0.01);
    assertThat(w.get("symbolicMatch").asBoolean()).isFalse();
    // The values at the worst element, recomputed here by hand.
    double[] w0 = {0.1, 0.2, 0.3};
    double[][] x = {{1, 0.5}, {2, -1}, {3, 0}};
    double[] y = {1, 0};
    int i = w.get("worstIndex").get(1).asInt();
    double wrong = 0;
    double right = 0;
    for (int j = 0; j < 2; j++) {
      double z = w0[0] * x[0][j] + w0[1] * x[1][j] + w0[2] * x[2][j];
      double s = 1 / (1 + Math.exp(-z));
      wrong += 2 * (s - y[j]) * s * x[i][j];
      right += 2 * (s - y[j]) * s * (1 - s) * x[i][j];
    }
    assertThat(w.get("hand").asDouble()).isCloseTo(wrong, within(1e-12));
    assertThat(w.get("autodiff").asDouble()).isCloseTo(right, within(1e-12));
    assertThat(w.get("finiteDifference").asDouble()).isCloseTo(right, within(1e-6));
    assertThat(Math.abs(wrong - right)).isLessThanOrEqualTo(w.get("maxAbsError").asDouble());
  }

  @Test
  void identicalFormulaIsASymbolicMatch() throws Exception {
    Cli.Run run = Cli.run("check", "sum(x^3)", "--hand", "x=3*x^2", "--at", "x=[1,2]", "--json");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode x = JSON.readTree(run.out()).get("variables").get("x");
    assertThat(x.get("symbolicMatch").asBoolean()).isTrue();
    assertThat(x.get("worstIndex").size()).isEqualTo(1);
  }

  @Test
  void textReportNamesEachComparison() {
    Cli.Run run = Cli.run("check", "sum(x^3)", "--hand", "x=3*x", "--at", "x=[1,2]");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).contains("x [2]").contains("hand vs autodiff").contains("MISMATCH");
  }

  @Test
  void handForUnknownVariable() {
    Cli.Run run = Cli.run("check", "sum(x^3)", "--hand", "q=3*x^2", "--at", "x=[1,2]");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("unknown variable q in --hand");
  }
}
