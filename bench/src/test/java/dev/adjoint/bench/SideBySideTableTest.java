package dev.adjoint.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SideBySideTableTest {

  /**
   * Adjoint's JMH figures: the 512² neuron slower than JAX, the chain faster, no Rosenbrock run.
   */
  private static final String JMH =
      """
      [
       {"benchmark": "dev.adjoint.bench.NeuronBenchmark.adjoint", "params": {"size": "1x512x512"},
        "primaryMetric": {"score": 120000.0, "scoreError": 3000.0, "scoreUnit": "ns/op"}},
       {"benchmark": "dev.adjoint.bench.NeuronBenchmark.adjoint", "params": {"size": "1x64x64"},
        "primaryMetric": {"score": 3000.0, "scoreError": 30.0, "scoreUnit": "ns/op"}},
       {"benchmark": "dev.adjoint.bench.ScalarChainBenchmark.adjoint", "params": {"steps": "334"},
        "primaryMetric": {"score": 10.0, "scoreError": 1.0, "scoreUnit": "us/op"}}
      ]
      """;

  private static String fixture() throws IOException {
    try (InputStream in =
        SideBySideTableTest.class.getResourceAsStream("side-by-side-fixture.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String table(
      java.util.function.Function<SideBySideTable.Timing, Optional<double[]>> reference)
      throws IOException {
    return SideBySideTable.table(
        SideBySideTable.read(fixture()), ResultsTable.read(JMH), reference);
  }

  @Test
  void readsEveryTimingWithItsBenchmarkAndParameters() throws IOException {
    List<SideBySideTable.Timing> timings = SideBySideTable.read(fixture());
    assertThat(timings).hasSize(6);
    SideBySideTable.Timing torch = timings.get(1);
    assertThat(torch.benchmark()).isEqualTo("NeuronBenchmark.adjoint");
    assertThat(torch.params()).isEqualTo(Map.of("size", "1x512x512"));
    assertThat(torch.framework()).isEqualTo("pytorch");
    assertThat(torch.median()).isEqualTo(2.0e-4);
    assertThat(torch.compileSeconds()).isNaN();
    assertThat(timings.get(5).gradientNorm()).isNaN();
  }

  @Test
  void putsAdjointBesideTheBestFrameworkAndSaysWhetherItIsAtJaxSpeed() throws IOException {
    String table = table(t -> Optional.empty());
    // 120 µs against JAX's 80 µs: 1.5× the best, slower than JAX.
    assertThat(table)
        .contains(
            "| neuron, loss + dL/dW | 1×512×512 | 120 ± 3.00 µs | 200 µs (150–250) |"
                + " 80.0 µs (79.0–85.0) | 150 ms | 1.50× | **no** | not checked |");
    // 10 µs against the better JAX variant (fori_loop, 20 µs): half, so at JAX's speed.
    assertThat(table)
        .contains(
            "| 1,002 ops | 10.0 ± 1.00 µs | 5.00 ms (4.00–6.00) | fori_loop: 20.0 µs (19.0–22.0);"
                + " unrolled: 40.0 µs (40.0–50.0) | fori_loop: 60.0 ms; unrolled: 1.50 s | 0.500× |"
                + " yes |");
    // No JMH figure: shown as not run, no ratio and no verdict.
    assertThat(table)
        .contains(
            "| extended Rosenbrock, value | n = 1000 | not run |  | x[0::2]: 17.0 µs (17.0–18.0) |"
                + " x[0::2]: 50.0 ms |  |  |");
    assertThat(table.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(4);
  }

  @Test
  void saysWhetherTheFrameworksComputedAdjointsLossAndGradient() throws IOException {
    String agreeing = table(t -> Optional.of(new double[] {100.0 * (1 + 1e-14), 20.0}));
    assertThat(agreeing.lines().filter(l -> l.contains("1×512×512")).findFirst().orElseThrow())
        .endsWith("| yes (to 1e-14) |");
    String wrongGradient = table(t -> Optional.of(new double[] {100.0, 21.0}));
    assertThat(wrongGradient.lines().filter(l -> l.contains("1×512×512")).findFirst().orElseThrow())
        .endsWith("| **no: differs by 5e-02 relative** |");
    String valueAlone = table(t -> Optional.of(new double[] {7.0}));
    assertThat(valueAlone.lines().filter(l -> l.contains("n = 1000")).findFirst().orElseThrow())
        .endsWith("| yes (to 0) |");
  }

  @Test
  void replacesOnlyTheTextBetweenItsOwnMarkers() {
    String readme =
        ResultsTable.BEGIN
            + "\nmain\n"
            + ResultsTable.END
            + "\n"
            + SideBySideTable.BEGIN
            + "\nold\n"
            + SideBySideTable.END
            + "\n";
    assertThat(SideBySideTable.replaceTable(readme, "| new |\n"))
        .isEqualTo(
            ResultsTable.BEGIN
                + "\nmain\n"
                + ResultsTable.END
                + "\n"
                + SideBySideTable.BEGIN
                + "\n| new |\n"
                + SideBySideTable.END
                + "\n");
    assertThatThrownBy(() -> SideBySideTable.replaceTable("no markers", "x"))
        .hasMessageContaining("side-by-side:begin");
  }

  @Test
  void refusesAFileThatIsNotCasesPyOutput() {
    assertThatThrownBy(() -> SideBySideTable.read("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"results\" array");
  }
}
