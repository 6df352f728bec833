package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String NEURON = "sum((sigmoid(W @ X) - y)^2)";

  private static JsonNode json(Cli.Run run) throws Exception {
    assertThat(run.status()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void neuronJsonHasTheDocumentedFieldsAndTheHandDerivedValues() throws Exception {
    double[] w = {0.1, 0.2, 0.3};
    double[] x = {1, 2, 3};
    double y = 1;
    JsonNode root =
        json(
            Cli.run(
                "grad",
                NEURON,
                "--at",
                "W=[[0.1,0.2,0.3]]",
                "X=[[1],[2],[3]]",
                "y=[[1]]",
                "--json"));

    double z = w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
    double s = 1 / (1 + Math.exp(-z));
    assertThat(root.get("expression").asText()).isEqualTo("sum((sigmoid(W @ X) - y)^2)");
    assertThat(root.get("value").asDouble()).isCloseTo((s - y) * (s - y), within(1e-15));
    JsonNode gw = root.get("gradient").get("W");
    assertThat(gw.size()).isEqualTo(1);
    assertThat(gw.get(0).size()).isEqualTo(3);
    for (int j = 0; j < 3; j++) {
      double expected = 2 * (s - y) * s * (1 - s) * x[j];
      assertThat(gw.get(0).get(j).asDouble()).isCloseTo(expected, within(1e-15));
    }
    assertThat(root.get("gradient").get("X").size()).isEqualTo(3);
    assertThat(root.get("gradient").get("y").get(0).get(0).asDouble())
        .isCloseTo(-2 * (s - y), within(1e-15));
    assertThat(root.get("formula").get("W").asText()).contains("σ(W·X)").contains("Xᵀ");
    assertThat(root.has("hessian")).isFalse();
  }

  @Test
  void hessianIsNByNOverRowMajorElements() throws Exception {
    JsonNode root =
        json(Cli.run("grad", "sum(x^3) + x[0] * x[1]", "--at", "x=[1,2]", "--hessian", "--json"));
    JsonNode h = root.get("hessian").get("x");
    // ∂²/∂x² of Σx³ + x₀x₁ = [[6x₀, 1], [1, 6x₁]].
    assertThat(h.get(0).get(0).asDouble()).isCloseTo(6, within(1e-12));
    assertThat(h.get(0).get(1).asDouble()).isCloseTo(1, within(1e-12));
    assertThat(h.get(1).get(0).asDouble()).isCloseTo(1, within(1e-12));
    assertThat(h.get(1).get(1).asDouble()).isCloseTo(12, within(1e-12));
    assertThat(root.get("gradient").get("x").get(0).asDouble()).isCloseTo(3 + 2, within(1e-12));
  }

  @Test
  void matrixHessianFlattensRowMajor() throws Exception {
    JsonNode root =
        json(
            Cli.run(
                "grad",
                "sum(W^2 * C)",
                "--at",
                "W=[[1,2],[3,4]]",
                "C=[[1,2],[3,4]]",
                "--wrt",
                "W",
                "--hessian",
                "--json"));
    JsonNode h = root.get("hessian").get("W");
    assertThat(h.size()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat(h.get(i).get(j).asDouble()).isCloseTo(i == j ? 2 * (i + 1) : 0, within(1e-12));
      }
    }
    assertThat(root.get("gradient").has("C")).isFalse();
  }

  @Test
  void scalarValuesAndWrtSubset() throws Exception {
    JsonNode root = json(Cli.run("grad", "a * b^2", "--at", "a=3", "b=2", "--wrt", "b", "--json"));
    assertThat(root.get("value").asDouble()).isEqualTo(12);
    assertThat(root.get("gradient").get("b").asDouble()).isEqualTo(12);
    assertThat(root.get("gradient").has("a")).isFalse();
  }

  @Test
  void valuesFromFiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("w.json"), "[[0.5, -1]]");
    JsonNode root =
        json(Cli.run("grad", "sum(W * W)", "--at", "W=@" + dir.resolve("w.json"), "--json"));
    assertThat(root.get("gradient").get("W").get(0).get(1).asDouble()).isEqualTo(-2);
  }

  @Test
  void textShowsValueGradientAndFormula() {
    Cli.Run run = Cli.run("grad", "sum(x^2)", "--at", "x=[1,2]");
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .contains("f(x) = sum(x²)")
        .contains("= 5")
        .contains("∂f/∂x = ")
        .contains("= [2, 4]");
  }

  @Test
  void dotWritesTheGraph(@TempDir Path dir) throws Exception {
    Path dot = dir.resolve("g/graph.dot");
    Cli.Run run =
        Cli.run(
            "grad",
            NEURON,
            "--at",
            "W=[[0.1,0.2,0.3]]",
            "X=[[1],[2],[3]]",
            "y=[[1]]",
            "--dot",
            dot.toString());
    assertThat(run.status()).as(run.err()).isZero();
    String text = Files.readString(dot);
    assertThat(text).startsWith("digraph").contains("σ").contains("∂f/∂W");
  }
}
