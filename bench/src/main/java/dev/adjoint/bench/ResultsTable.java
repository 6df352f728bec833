package dev.adjoint.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Regenerates the results table of {@code bench/README.md} from JMH's JSON result file ({@code -rf
 * json}): every figure beside the target for it and whether it is met. A target not met
 * stays in the table with its figure. The table replaces the text between {@value #BEGIN} and
 * {@value #END}; the rest of the file is kept.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.adjoint.bench.ResultsTable results.json bench/README.md
 * </pre>
 *
 * Several result files may be given before the README (later ones win for the same benchmark and
 * parameters).
 */
public final class ResultsTable {
  static final String BEGIN = "<!-- results:begin -->";
  static final String END = "<!-- results:end -->";

  private static final String PACKAGE = "dev.adjoint.bench.";

  private final List<Result> results;
  private final List<String> rows = new ArrayList<>();

  private ResultsTable(List<Result> results) {
    this.results = results;
  }

  /** One JMH result: the benchmark method, its parameters, the score in nanoseconds per op. */
  record Result(
      String benchmark,
      Map<String, String> params,
      double nanos,
      double errorNanos,
      double bytes) {}

  /**
   * Reads the JSON files and rewrites the README's table.
   *
   * @param args one or more JMH JSON result files, then the README
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ResultsTable RESULTS.json... README.md");
      System.exit(2);
      return;
    }
    List<Result> all = readAll(List.of(args).subList(0, args.length - 1));
    Path readme = Path.of(args[args.length - 1]);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Files.writeString(readme, replaceTable(text, table(all)), StandardCharsets.UTF_8);
    System.out.println("rewrote the table in " + readme + " from " + all.size() + " results");
  }

  /**
   * The results of the JMH JSON files {@code paths}, a later file's result replacing an earlier
   * one's for the same benchmark and parameters.
   */
  static List<Result> readAll(List<String> paths) throws IOException {
    List<Result> all = new ArrayList<>();
    for (String path : paths) {
      all = merged(all, read(Files.readString(Path.of(path), StandardCharsets.UTF_8)));
    }
    return all;
  }

  /**
   * {@code earlier} with {@code later} added, a result of {@code later} replacing the one of {@code
   * earlier} for the same benchmark and parameters (in its place).
   */
  static List<Result> merged(List<Result> earlier, List<Result> later) {
    Map<List<Object>, Result> byRun = new LinkedHashMap<>();
    for (Result r : earlier) {
      byRun.put(List.of(r.benchmark(), r.params()), r);
    }
    for (Result r : later) {
      byRun.put(List.of(r.benchmark(), r.params()), r);
    }
    return new ArrayList<>(byRun.values());
  }

  /** The results in a JMH JSON file. */
  static List<Result> read(String json) {
    List<Result> list = new ArrayList<>();
    Object root = Json.parse(json);
    if (!(root instanceof List<?> entries)) {
      throw new IllegalArgumentException("a JMH result file is a JSON array");
    }
    for (Object entry : entries) {
      Map<?, ?> run = (Map<?, ?>) entry;
      String benchmark = ((String) run.get("benchmark")).replace(PACKAGE, "");
      Map<String, String> params = new TreeMap<>();
      if (run.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
      }
      Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
      String unit = (String) primary.get("scoreUnit");
      double scale = nanosPer(unit);
      double score = number(primary.get("score")) * scale;
      double error = number(primary.get("scoreError")) * scale;
      double bytes = Double.NaN;
      if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
        // JMH's console prints "·gc.alloc.rate.norm"; its JSON key has no dot in front.
        Object alloc = secondary.get("gc.alloc.rate.norm");
        if (alloc == null) {
          alloc = secondary.get("·gc.alloc.rate.norm");
        }
        if (alloc instanceof Map<?, ?> metric) {
          bytes = number(metric.get("score"));
        }
      }
      list.removeIf(r -> r.benchmark().equals(benchmark) && r.params().equals(params));
      list.add(new Result(benchmark, params, score, error, bytes));
    }
    return list;
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  private static double nanosPer(String unit) {
    return switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1e3;
      case "ms/op" -> 1e6;
      case "s/op" -> 1e9;
      default -> throw new IllegalArgumentException("unknown score unit " + unit);
    };
  }

  /** {@code text} with the part between the markers replaced by {@code table}. */
  static String replaceTable(String text, String table) {
    return replaceBetween(text, BEGIN, END, table);
  }

  /** {@code text} with the part between the markers {@code begin} and {@code end} replaced. */
  static String replaceBetween(String text, String begin, String end, String table) {
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(
          "the README needs the markers " + begin + " and " + end + ", in that order");
    }
    return text.substring(0, from + begin.length()) + "\n" + table + text.substring(to);
  }

  /** The Markdown table for {@code results}. */
  static String table(List<Result> results) {
    ResultsTable t = new ResultsTable(results);
    t.build();
    StringBuilder sb = new StringBuilder();
    sb.append("| case | size | Adjoint | baseline | figure | target | met? | Adjoint B/op |\n");
    sb.append("|---|---|--:|--:|--:|--:|---|--:|\n");
    for (String row : t.rows) {
      sb.append(row).append('\n');
    }
    return sb.toString();
  }

  private void build() {
    for (Result r : select("NeuronBenchmark.adjoint")) {
      String size = r.params().get("size");
      Optional<Result> base = find("NeuronBenchmark.baseline", "size", size);
      double target = size.equals("1x3x1") ? 2 : 1.15;
      ratioRow("neuron, loss + dL/dW", size.replace('x', '×'), r, base, target);
    }
    for (Result r : select("NeuronValueBenchmark.adjoint")) {
      String size = r.params().get("size");
      Optional<Result> gradient = find("NeuronBenchmark.adjoint", "size", size);
      Optional<Result> base = find("NeuronValueBenchmark.baseline", "size", size);
      String figure =
          gradient.map(g -> format(g.nanos() / r.nanos()) + " (gradient ÷ value)").orElse("");
      rows.add(
          row(
              "neuron, value alone",
              size.replace('x', '×'),
              time(r),
              base.map(ResultsTable::time).orElse(""),
              figure,
              "",
              "",
              bytes(r)));
    }
    for (Result r : select("ClassifierBenchmark.adjoint")) {
      ratioRow(
          "classifier 784-128(ReLU)-10, softmax cross-entropy, batch 64, loss + 4 gradients",
          "",
          r,
          find("ClassifierBenchmark.baseline"),
          1.15);
    }
    for (Result r : select("MlpBenchmark.adjoint")) {
      String size = r.params().get("size");
      ratioRow(
          "2-layer tanh MLP, batch 64, loss + 4 gradients",
          size.replace('x', '×'),
          r,
          find("MlpBenchmark.baseline", "size", size),
          1.15);
    }
    for (Result r : select("ScalarChainBenchmark.adjoint")) {
      int steps = Integer.parseInt(r.params().get("steps"));
      int ops = 3 * steps;
      double perOp = r.nanos() / ops;
      double target = ops < 10_000 ? 4 : 8;
      Optional<Result> base = find("ScalarChainBenchmark.baseline", "steps", String.valueOf(steps));
      rows.add(
          row(
              "scalar chain sin(x)·a + b, loss + 3 partials, ns per op",
              String.format(Locale.ROOT, "%,d ops", ops),
              format(perOp) + " ns/op",
              base.map(b -> format(b.nanos() / ops) + " ns/op").orElse(""),
              format(perOp),
              "≤ " + format(target),
              met(perOp <= target),
              bytes(r)));
    }
    for (Result r : select("RosenbrockBenchmark.adjointGradient")) {
      String n = r.params().get("n");
      gradientRatioRow(
          "extended Rosenbrock, gradient ÷ value",
          "n = " + n,
          r,
          find("RosenbrockBenchmark.adjointValue", "n", n),
          find("RosenbrockBenchmark.baselineGradient", "n", n),
          find("RosenbrockBenchmark.baselineValue", "n", n),
          2.5);
    }
    for (Result r : select("AdvectionBenchmark.adjointGradient")) {
      String scheme = r.params().get("scheme");
      boolean toon = scheme.equals("TOON");
      gradientRatioRow(
          "advection, " + (toon ? "Toon" : "Lax–Wendroff") + ", gradient ÷ primal",
          "NX = 100, nt = " + r.params().get("steps"),
          r,
          find("AdvectionBenchmark.adjointValue", "scheme", scheme),
          find("AdvectionBenchmark.baselineGradient", "scheme", scheme),
          find("AdvectionBenchmark.baselineValue", "scheme", scheme),
          toon ? 4 : 25);
    }
    matrixRows(
        "MatMulBenchmark.adjoint",
        "matrix product, GFLOP/s, one thread (baseline: EJML; naive i-k-j)");
    matrixRows(
        "MatMulVectorBenchmark.adjoint",
        "matrix product, Vector API kernel (--add-modules jdk.incubator.vector), GFLOP/s, one"
            + " thread (baseline: EJML; naive i-k-j)");
    for (Result r : select("OneTimeCostBenchmark.firstGradient")) {
      rows.add(
          row(
              "first gradient in a fresh JVM (build, differentiate, compile, run the neuron)",
              "4×8×16",
              time(r),
              "",
              "",
              "",
              "",
              ""));
    }
    perNodeRows(
        "CompileBenchmark.compile", "compilation per node (scalar chain, loss + raw gradients)");
    perNodeRows(
        "SimplifyBenchmark.keepingTheLoss",
        "simplification per raw node (scalar chain's gradients, loss kept)");
  }

  /**
   * One row per size of a matrix-product benchmark: its GFLOP/s against EJML's (and the naive
   * loop's) from {@code MatMulBenchmark} at the same size, with the ≥ 4× EJML target at 512² and
   * 64×784·784×128.
   */
  private void matrixRows(String benchmark, String what) {
    for (Result r : select(benchmark)) {
      String size = r.params().get("size");
      int[] d = Sizes.parse(size, 3);
      double flops = 2.0 * d[0] * d[1] * d[2];
      Optional<Result> ejml = find("MatMulBenchmark.ejml", "size", size);
      Optional<Result> naive = find("MatMulBenchmark.naive", "size", size);
      double adjoint = flops / r.nanos();
      boolean targeted = size.equals("512x512x512") || size.equals("64x784x128");
      String figure = ejml.map(e -> format(adjoint / (flops / e.nanos())) + "× EJML").orElse("");
      rows.add(
          row(
              what,
              size.replace('x', '×'),
              format(adjoint),
              ejml.map(e -> format(flops / e.nanos())).orElse("")
                  + naive.map(v -> "; naive " + format(flops / v.nanos())).orElse(""),
              figure,
              targeted ? "≥ 4× EJML" : "",
              targeted && ejml.isPresent() ? met(adjoint / (flops / ejml.get().nanos()) >= 4) : "",
              bytes(r)));
    }
  }

  /** One row per run of a scalar-chain benchmark: its time and its time per node (9 per step). */
  private void perNodeRows(String benchmark, String what) {
    for (Result r : select(benchmark)) {
      int nodes = 9 * Integer.parseInt(r.params().get("steps"));
      rows.add(
          row(
              what,
              String.format(Locale.ROOT, "%,d nodes", nodes),
              time(r),
              "",
              format(r.nanos() / nodes) + " ns/node",
              "",
              "",
              ""));
    }
  }

  private void ratioRow(String what, String size, Result r, Optional<Result> base, double target) {
    String figure = base.map(b -> format(r.nanos() / b.nanos()) + "×").orElse("");
    rows.add(
        row(
            what,
            size,
            time(r),
            base.map(ResultsTable::time).orElse(""),
            figure,
            "≤ " + format(target) + "×",
            base.map(b -> met(r.nanos() / b.nanos() <= target)).orElse(""),
            bytes(r)));
  }

  private void gradientRatioRow(
      String what,
      String size,
      Result gradient,
      Optional<Result> value,
      Optional<Result> baseGradient,
      Optional<Result> baseValue,
      double target) {
    String adjoint = time(gradient) + value.map(v -> " (value " + time(v) + ")").orElse("");
    String baseline =
        baseGradient.map(ResultsTable::time).orElse("")
            + baseValue.map(v -> " (value " + time(v) + ")").orElse("");
    if (baseGradient.isPresent() && baseValue.isPresent()) {
      baseline += "; ratio " + format(baseGradient.get().nanos() / baseValue.get().nanos());
    }
    rows.add(
        row(
            what,
            size,
            adjoint,
            baseline,
            value.map(v -> format(gradient.nanos() / v.nanos())).orElse(""),
            "≤ " + format(target),
            value.map(v -> met(gradient.nanos() / v.nanos() <= target)).orElse(""),
            bytes(gradient)));
  }

  private List<Result> select(String benchmark) {
    List<Result> selected = new ArrayList<>();
    for (Result r : results) {
      if (r.benchmark().equals(benchmark)) {
        selected.add(r);
      }
    }
    return selected;
  }

  private Optional<Result> find(String benchmark, String... param) {
    for (Result r : results) {
      if (r.benchmark().equals(benchmark)
          && (param.length == 0 || param[1].equals(r.params().get(param[0])))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private static String met(boolean met) {
    return met ? "yes" : "**no**";
  }

  /** A time with its error, in the unit that keeps it between 1 and 1000. */
  static String time(Result r) {
    double ns = r.nanos();
    String[] units = {"ns", "µs", "ms", "s"};
    int u = 0;
    double scale = 1;
    while (u < units.length - 1 && ns / scale >= 1000) {
      scale *= 1000;
      u++;
    }
    String error = Double.isNaN(r.errorNanos()) ? "" : " ± " + format(r.errorNanos() / scale);
    return format(ns / scale) + error + " " + units[u];
  }

  private static String bytes(Result r) {
    return Double.isNaN(r.bytes()) ? "" : format(r.bytes());
  }

  /** Three significant digits (fewer for large numbers: no exponent). */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3g";
    return String.format(Locale.ROOT, pattern, v);
  }
}
