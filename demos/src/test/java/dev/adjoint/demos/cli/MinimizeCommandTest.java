package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class MinimizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final java.util.List<String> METHODS = Methods.NAMES;

  /** A convex quadratic with its minimum at x = [1, −2]: Σ c ⊙ (x − t)². */
  private static final String BOWL = "sum(c * (x - t)^2)";

  @ParameterizedTest
  @FieldSource("METHODS")
  void everyMethodRunsAndReportsTheDocumentedFields(String method) throws Exception {
    Cli.Run run =
        Cli.run(
            "minimize",
            BOWL,
            "--x0",
            "x=[0,0]",
            "--at",
            "c=[1,2]",
            "t=[1,-2]",
            "--method",
            method,
            "--max-iter",
            "3000",
            "--json");
    JsonNode root = JSON.readTree(run.out());
    boolean converged = root.get("status").asText().equals("converged");
    assertThat(root.get("converged").asBoolean()).isEqualTo(converged);
    assertThat(run.status()).as(run.err()).isEqualTo(converged ? 0 : 4);
    assertThat(root.get("method").asText()).isEqualTo(method);
    for (String field :
        new String[] {
          "status", "message", "f", "x", "gradNorm", "iterations", "evaluations", "seconds"
        }) {
      assertThat(root.has(field)).as(field).isTrue();
    }
    assertThat(root.get("status").asText())
        .isIn("converged", "max-iterations", "line-search-failed", "non-finite");
    JsonNode x = root.get("x").get("x");
    assertThat(x.size()).isEqualTo(2);
    // f and ‖∇f‖∞ reported must be those of the reported x.
    double x0 = x.get(0).asDouble();
    double x1 = x.get(1).asDouble();
    double f = (x0 - 1) * (x0 - 1) + 2 * (x1 + 2) * (x1 + 2);
    assertThat(root.get("f").asDouble()).isCloseTo(f, within(1e-12));
    double g = Math.max(Math.abs(2 * (x0 - 1)), Math.abs(4 * (x1 + 2)));
    assertThat(root.get("gradNorm").asDouble()).isCloseTo(g, within(1e-12));
    assertThat(root.get("evaluations").asLong())
        .isGreaterThanOrEqualTo(root.get("iterations").asLong());
  }

  @Test
  void lbfgsFindsTheRosenbrockMinimum() throws Exception {
    Cli.Run run =
        Cli.run(
            "minimize",
            "(1 - x)^2 + 100*(y - x^2)^2",
            "--x0",
            "x=-1.2",
            "y=1",
            "--method",
            "lbfgs",
            "--gtol",
            "1e-8",
            "--json");
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("status").asText()).isEqualTo("converged");
    assertThat(root.get("x").get("x").asDouble()).isCloseTo(1, within(1e-6));
    assertThat(root.get("x").get("y").asDouble()).isCloseTo(1, within(1e-6));
  }

  @Test
  void iterationLimitIsReported() throws Exception {
    Cli.Run run =
        Cli.run(
            "minimize",
            BOWL,
            "--x0",
            "x=[0,0]",
            "--at",
            "c=[1,2]",
            "t=[1,-2]",
            "--method",
            "sgd",
            "--lr",
            "0.01",
            "--max-iter",
            "5",
            "--json");
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("status").asText()).isEqualTo("max-iterations");
    assertThat(root.get("iterations").asInt()).isEqualTo(5);
    // Five plain gradient steps x ← x − η∇f on each coordinate, by hand.
    double a = 0;
    double b = 0;
    for (int k = 0; k < 5; k++) {
      a -= 0.01 * 2 * (a - 1);
      b -= 0.01 * 4 * (b + 2);
    }
    assertThat(root.get("x").get("x").get(0).asDouble()).isCloseTo(a, within(1e-14));
    assertThat(root.get("x").get("x").get(1).asDouble()).isCloseTo(b, within(1e-14));
  }

  @Test
  void plotAndText(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("loss.png");
    Cli.Run run =
        Cli.run(
            "minimize",
            BOWL,
            "--x0",
            "x=[0,0]",
            "--at",
            "c=[1,2]",
            "t=[1,-2]",
            "--method",
            "newton",
            "--plot",
            png.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out()).contains("converged").contains("x = [");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isPositive();
  }
}
