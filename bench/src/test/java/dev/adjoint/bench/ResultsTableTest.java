package dev.adjoint.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

  private static String fixture() throws IOException {
    try (InputStream in = ResultsTableTest.class.getResourceAsStream("results-fixture.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsScoresInNanosecondsWithParametersAndAllocation() throws IOException {
    List<ResultsTable.Result> results = ResultsTable.read(fixture());
    assertThat(results).hasSize(10);
    ResultsTable.Result first = results.get(0);
    assertThat(first.benchmark()).isEqualTo("NeuronBenchmark.adjoint");
    assertThat(first.params()).containsEntry("size", "1x3x1");
    assertThat(first.nanos()).isEqualTo(150.0);
    assertThat(first.bytes()).isEqualTo(0.0);
    assertThat(results.get(2).nanos()).isEqualTo(130_000.0);
    assertThat(results.get(5).nanos()).isEqualTo(10_000_000.0);
  }

  @Test
  void everyFigureStandsBesideItsTargetMetOrNot() throws IOException {
    String table = ResultsTable.table(ResultsTable.read(fixture()));
    assertThat(table)
        .contains(
            "| neuron, loss + dL/dW | 1×3×1 | 150 ± 5.00 ns | 100 ± 2.00 ns | 1.50× | ≤ 2.00× | yes"
                + " | 0 |")
        .contains(
            "| neuron, loss + dL/dW | 1×512×512 | 130 ± 1.50 µs | 100 ± 1.00 µs | 1.30× | ≤ 1.15×"
                + " | **no** |  |")
        .contains("| 1,002 ops | 5.00 ns/op |  | 5.00 | ≤ 4.00 | **no** |")
        // 2·512³ flops in 10 ms and in 50 ms.
        .contains("| 512×512×512 | 26.8 | 5.37 | 5.00× EJML | ≥ 4× EJML | yes |")
        // The Vector API kernel's row, against the same EJML run: 5 ms.
        .contains(
            "| matrix product, Vector API kernel (--add-modules jdk.incubator.vector), GFLOP/s,"
                + " one thread (baseline: EJML; naive i-k-j) | 512×512×512 | 53.7 | 5.37 | 10.0×"
                + " EJML | ≥ 4× EJML | yes |")
        .contains("| advection, Toon, gradient ÷ primal | NX = 100, nt = 2000 |")
        .contains("| 3.00 | ≤ 4.00 | yes |");
    assertThat(table.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(7);
  }

  @Test
  void aLaterFileReplacesTheSameBenchmarkAndParametersInPlace() throws IOException {
    List<ResultsTable.Result> first = ResultsTable.read(fixture());
    ResultsTable.Result neuron = first.get(0);
    ResultsTable.Result rerun =
        new ResultsTable.Result(neuron.benchmark(), neuron.params(), 140.0, 1.0, 0.0);
    ResultsTable.Result other =
        new ResultsTable.Result(neuron.benchmark(), java.util.Map.of("size", "2x2x2"), 9.0, 1, 0);
    List<ResultsTable.Result> merged = ResultsTable.merged(first, List.of(rerun, other));
    assertThat(merged).hasSize(first.size() + 1);
    assertThat(merged.get(0)).isEqualTo(rerun);
    assertThat(merged.subList(1, first.size())).isEqualTo(first.subList(1, first.size()));
    assertThat(merged.get(first.size())).isEqualTo(other);
    assertThat(ResultsTable.table(merged))
        .contains("| neuron, loss + dL/dW | 1×3×1 | 140 ± 1.00 ns | 100 ± 2.00 ns | 1.40× |")
        .doesNotContain("150 ± 5.00 ns");
  }

  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    String readme =
        "# Title\nbefore\n" + ResultsTable.BEGIN + "\nold table\n" + ResultsTable.END + "\nafter\n";
    assertThat(ResultsTable.replaceTable(readme, "| new |\n"))
        .isEqualTo(
            "# Title\nbefore\n"
                + ResultsTable.BEGIN
                + "\n| new |\n"
                + ResultsTable.END
                + "\nafter\n");
    assertThatThrownBy(() -> ResultsTable.replaceTable("no markers", "x"))
        .hasMessageContaining("needs the markers");
  }

  @Test
  void refusesTextThatIsNotJson() {
    assertThatThrownBy(() -> ResultsTable.read("[{\"benchmark\": }]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON at offset");
  }
}
