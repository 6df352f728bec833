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
import java.util.function.Function;

/**
 * Renders the "side by side with JAX and PyTorch" table of {@code bench/README.md}: the timings
 * that {@code bench/side-by-side/cases.py} writes, beside Adjoint's JMH figure for the same
 * benchmark and parameters (from the same JSON files as {@link ResultsTable}), and whether Adjoint
 * is at least as fast as JAX. Each row also says whether JAX and PyTorch computed Adjoint's loss
 * and gradient norm on the same data ({@link AdjointReference}), so a row never compares different
 * computations silently. The table replaces the text between {@value #BEGIN} and {@value #END}.
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.adjoint.bench.SideBySideTable \
 *       side-by-side.json hot.json value.json rosen.json bench/README.md
 * </pre>
 */
public final class SideBySideTable {
  static final String BEGIN = "<!-- side-by-side:begin -->";
  static final String END = "<!-- side-by-side:end -->";

  private SideBySideTable() {}

  /**
   * One timing from {@code cases.py}: a framework's run of the case that JMH's {@code benchmark}
   * with {@code params} times for Adjoint. Times are seconds per call; {@code compileSeconds}
   * (JAX's first call) and {@code gradientNorm} (for a value alone) may be NaN.
   */
  record Timing(
      String label,
      String size,
      String benchmark,
      Map<String, String> params,
      String framework,
      String variant,
      double median,
      double min,
      double max,
      double compileSeconds,
      double loss,
      double gradientNorm,
      double tolerance) {}

  /**
   * Reads the timings, then Adjoint's JMH results, and rewrites the README's table.
   *
   * @param args the side-by-side JSON file, one or more JMH JSON result files, then the README
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: SideBySideTable SIDE-BY-SIDE.json JMH-RESULTS.json... README.md");
      System.exit(2);
      return;
    }
    List<Timing> timings = read(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    List<ResultsTable.Result> jmh = ResultsTable.readAll(List.of(args).subList(1, args.length - 1));
    Path readme = Path.of(args[args.length - 1]);
    String table = table(timings, jmh, AdjointReference::of);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Files.writeString(readme, replaceTable(text, table), StandardCharsets.UTF_8);
    System.out.print(table);
    System.out.println("rewrote the side-by-side table in " + readme);
  }

  /** The timings in a {@code cases.py} output file. */
  static List<Timing> read(String json) {
    if (!(Json.parse(json) instanceof Map<?, ?> root)
        || !(root.get("results") instanceof List<?> results)) {
      throw new IllegalArgumentException(
          "a side-by-side file is a JSON object with a \"results\" array (cases.py --out)");
    }
    List<Timing> timings = new ArrayList<>();
    for (Object entry : results) {
      Map<?, ?> r = (Map<?, ?>) entry;
      Map<String, String> params = new TreeMap<>();
      if (r.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
      }
      timings.add(
          new Timing(
              (String) r.get("case"),
              (String) r.get("size"),
              (String) r.get("jmh"),
              params,
              (String) r.get("framework"),
              (String) r.get("variant"),
              number(r.get("median_s")),
              number(r.get("min_s")),
              number(r.get("max_s")),
              number(r.get("compile_s")),
              number(r.get("loss")),
              number(r.get("gradient_norm")),
              number(r.get("tolerance"))));
    }
    return timings;
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  /** {@code text} with the part between this table's markers replaced by {@code table}. */
  static String replaceTable(String text, String table) {
    return ResultsTable.replaceBetween(text, BEGIN, END, table);
  }

  /**
   * The Markdown table: one row per JMH benchmark and parameters, in the order of {@code timings}.
   *
   * @param reference Adjoint's loss and gradient norm for a timing's case ({@code [loss]} for a
   *     value alone), or empty where it is not computed
   */
  static String table(
      List<Timing> timings,
      List<ResultsTable.Result> jmh,
      Function<Timing, Optional<double[]>> reference) {
    Map<String, List<Timing>> cases = new LinkedHashMap<>();
    for (Timing t : timings) {
      cases.computeIfAbsent(t.benchmark() + " " + t.params(), k -> new ArrayList<>()).add(t);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| case | size | Adjoint (JMH) | PyTorch eager | JAX `jit` | JAX first call")
        .append(" | Adjoint ÷ best | ≤ JAX? | same loss and gradient as Adjoint |\n");
    sb.append("|---|---|--:|--:|--:|--:|--:|---|---|\n");
    for (List<Timing> group : cases.values()) {
      sb.append(row(group, jmh, reference)).append('\n');
    }
    return sb.toString();
  }

  private static String row(
      List<Timing> group,
      List<ResultsTable.Result> jmh,
      Function<Timing, Optional<double[]>> reference) {
    Timing first = group.get(0);
    Optional<ResultsTable.Result> adjoint =
        jmh.stream()
            .filter(r -> r.benchmark().equals(first.benchmark()))
            .filter(r -> r.params().equals(first.params()))
            .findFirst();
    List<Timing> torch = group.stream().filter(t -> t.framework().equals("pytorch")).toList();
    List<Timing> jax = group.stream().filter(t -> t.framework().equals("jax")).toList();
    double best = group.stream().mapToDouble(Timing::median).min().orElse(Double.NaN);
    double bestJax = jax.stream().mapToDouble(Timing::median).min().orElse(Double.NaN);
    String ratio = "";
    String atJaxSpeed = "";
    if (adjoint.isPresent()) {
      double seconds = adjoint.get().nanos() * 1e-9;
      ratio = ResultsTable.format(seconds / best) + "×";
      atJaxSpeed = jax.isEmpty() ? "" : seconds <= bestJax ? "yes" : "**no**";
    }
    return "| "
        + String.join(
            " | ",
            first.label(),
            first.size(),
            adjoint.map(ResultsTable::time).orElse("not run"),
            cell(torch, SideBySideTable::timeWithRange),
            cell(jax, SideBySideTable::timeWithRange),
            cell(jax, t -> seconds(t.compileSeconds())),
            ratio,
            atJaxSpeed,
            agreement(group, reference))
        + " |";
  }

  /** One timing's figure, or several separated by "; ", each led by its variant's name. */
  private static String cell(List<Timing> timings, Function<Timing, String> figure) {
    List<String> parts = new ArrayList<>();
    for (Timing t : timings) {
      String variant = t.variant().replaceFirst("^(jit|eager),? ?", "");
      parts.add((variant.isEmpty() ? "" : variant + ": ") + figure.apply(t));
    }
    return String.join("; ", parts);
  }

  /**
   * Whether every framework's loss (and gradient norm) is Adjoint's, within the case's tolerance.
   */
  private static String agreement(
      List<Timing> group, Function<Timing, Optional<double[]>> reference) {
    Optional<double[]> expected = reference.apply(group.get(0));
    if (expected.isEmpty()) {
      return "not checked";
    }
    double worst = 0;
    double tolerance = Double.POSITIVE_INFINITY;
    for (Timing t : group) {
      tolerance = Math.min(tolerance, t.tolerance());
      worst = Math.max(worst, relative(t.loss(), expected.get()[0]));
      if (expected.get().length > 1) {
        worst = Math.max(worst, relative(t.gradientNorm(), expected.get()[1]));
      }
    }
    String difference = worst == 0 ? "0" : String.format(Locale.ROOT, "%.0e", worst);
    return worst <= tolerance
        ? "yes (to " + difference + ")"
        : "**no: differs by " + difference + " relative**";
  }

  private static double relative(double actual, double expected) {
    double d = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
  }

  private static String timeWithRange(Timing t) {
    return seconds(t.median()) + " (" + range(t) + ")";
  }

  private static String range(Timing t) {
    double scale = unitScale(t.median());
    return ResultsTable.format(t.min() / scale) + "–" + ResultsTable.format(t.max() / scale);
  }

  /** Seconds in the unit that keeps them between 1 and 1000. */
  static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "";
    }
    double scale = unitScale(s);
    String unit = scale == 1e-9 ? "ns" : scale == 1e-6 ? "µs" : scale == 1e-3 ? "ms" : "s";
    return ResultsTable.format(s / scale) + " " + unit;
  }

  private static double unitScale(double s) {
    return s < 1e-6 ? 1e-9 : s < 1e-3 ? 1e-6 : s < 1 ? 1e-3 : 1;
  }
}
