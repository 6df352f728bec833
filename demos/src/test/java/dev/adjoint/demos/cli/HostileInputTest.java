package dev.adjoint.demos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every command against hostile input: each row answers with at most the documented error lines on
 * stderr (one, or three for a parse error's echo and caret), the documented exit status, no stack
 * trace, no raw control character, no more than a short excerpt of what was given, valid JSON on
 * stdout under {@code --json}, and no hang.
 */
class HostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  static Path deepJson;
  static Path longNumber;
  static Path bigVector;
  static Path aFile;

  @BeforeAll
  static void files() throws Exception {
    deepJson =
        Files.writeString(dir.resolve("deep.json"), "[".repeat(1500) + "1" + "]".repeat(1500));
    longNumber = Files.writeString(dir.resolve("long.json"), "1".repeat(1500));
    StringBuilder v = new StringBuilder("[");
    for (int i = 0; i < 60_000; i++) {
      v.append(i == 0 ? "" : ",").append(i % 7);
    }
    bigVector = Files.writeString(dir.resolve("v60000.json"), v.append(']'));
    aFile = Files.writeString(dir.resolve("a-file.txt"), "not a folder");
  }

  /** One row: what is run, the exit status, and what the first line of stderr must contain. */
  record Row(String name, List<String> args, int status, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Row bad(String name, String fragment, String... args) {
    return new Row(name, List.of(args), ErrorReporter.EXIT_USAGE, fragment);
  }

  static Stream<Row> hostile() {
    String deep = deepJson.toString();
    String many = String.join(" ", java.util.Collections.nCopies(300, "extra"));
    List<String> unmatched = new ArrayList<>(List.of("grad", "x", "--at", "x=1"));
    unmatched.addAll(Arrays.asList(many.split(" ")));
    return Stream.of(
        // grad: files, JSON, names, sizes, control characters
        bad("picocli @file is not expanded", "found '@'", "grad", "@/etc/passwd", "--at", "x=1"),
        bad("nesting over 1000", "nested more than 1000", "grad", "x", "--at", "x=@" + deep),
        bad("number over 1000 digits", "longer than 1000", "grad", "x", "--at", "x=@" + longNumber),
        bad("@/dev/zero is bounded", "larger than 64 MiB", "grad", "x", "--at", "x=@/dev/zero"),
        bad("@folder", "it is a folder", "grad", "x", "--at", "x=@" + dir),
        bad("@missing file", "no such file", "grad", "x", "--at", "x=@" + dir.resolve("nope")),
        bad("trailing numbers", "unexpected 2 after the value", "grad", "x", "--at", "x=1 2 3"),
        bad("trailing bracket", "close marker", "grad", "sum(x)", "--at", "x=[1,2]]"),
        bad("name twice", "--at gives x twice", "grad", "x", "--at", "x=1", "--at", "x=5"),
        bad("name twice, one option", "--at gives x twice", "grad", "x", "--at", "x=1", "x=5"),
        bad(
            "--wrt names twice",
            "--wrt names x twice",
            "grad",
            "x*y",
            "--at",
            "x=1",
            "y=2",
            "--wrt",
            "x,x"),
        bad("overflow", "too large for a double", "grad", "x", "--at", "x=1e400"),
        bad("underflow", "too small for a double", "grad", "x", "--at", "x=1e-400"),
        bad("underflow in an array", "at [1], too small", "grad", "sum(x)", "--at", "x=[1,1e-400]"),
        bad("escape sequence", "\\x1b", "grad", "x+\u001b[31mRED", "--at", "x=1"),
        bad("bidi override", "\\u202e", "grad", "x\u202e+1", "--at", "x=1"),
        bad("control character in a name", "\\x07", "grad", "x", "--at", "x\u0007=1"),
        bad("unmatched arguments are cut short", "Unmatched", unmatched.toArray(String[]::new)),
        bad(
            "pad to 2e9",
            "limit of 268435456",
            "grad",
            "sum(pad(x, [2000000000], [0]))",
            "--at",
            "x=1"),
        bad(
            "broadcast to 1.6e9",
            "limit of 268435456",
            "grad",
            "sum(broadcast(x, 40000, 40000))",
            "--at",
            "x=1"),
        bad(
            "hessian of 60000 elements",
            "--hessian: x has 60000 elements",
            "grad",
            "sum(x^3)",
            "--at",
            "x=@" + bigVector,
            "--hessian"),
        bad(
            "deep parentheses",
            "nested more than " + dev.adjoint.autodiff.parse.Parser.MAX_DEPTH,
            "grad",
            "(".repeat(100_000) + "x" + ")".repeat(100_000),
            "--at",
            "x=1"),
        bad("√ then an exponent", "ambiguous", "grad", "√x^2", "--at", "x=4"),
        bad(
            "--dot is a folder",
            "is a folder",
            "grad",
            "x",
            "--at",
            "x=1",
            "--dot",
            dir.toString()),
        new Row("x*0 keeps x", List.of("grad", "x*0", "--at", "x=1", "--json"), 0, ""),
        new Row("x^0 keeps x", List.of("grad", "x^0", "--at", "x=1"), 0, ""),
        new Row("√x is a root", List.of("grad", "√x", "--at", "x=4", "--json"), 0, ""),
        // check
        bad("check: @file", "found '@'", "check", "@/etc/passwd", "--hand", "x=1", "--at", "x=1"),
        bad(
            "check: hand twice",
            "--hand gives x twice",
            "check",
            "x",
            "--hand",
            "x=1",
            "--hand",
            "x=2",
            "--at",
            "x=1"),
        new Row(
            "check: x*0 keeps x",
            List.of("check", "x*0", "--hand", "x=0", "--at", "x=1", "--json"),
            0,
            ""),
        // minimize
        bad(
            "minimize: x0 twice",
            "--x0 gives x twice",
            "minimize",
            "x^2",
            "--x0",
            "x=1",
            "--x0",
            "x=2",
            "--method",
            "sgd"),
        bad(
            "minimize: --plot is a folder",
            "is a folder",
            "minimize",
            "x^2",
            "--x0",
            "x=1",
            "--method",
            "sgd",
            "--plot",
            dir.toString()),
        bad(
            "minimize: overflow in x0",
            "too large",
            "minimize",
            "x^2",
            "--x0",
            "x=1e400",
            "--method",
            "lbfgs"),
        // tour and demos: bad locations and sizes fail before any work
        bad("tour --out a file", "is a file, not a folder", "tour", "--out", aFile.toString()),
        bad(
            "mlp --out a file",
            "is a file, not a folder",
            "demo",
            "mlp",
            "--out",
            aFile.toString()),
        bad(
            "rosenbrock --out below a file",
            "not a directory",
            "demo",
            "rosenbrock",
            "--out",
            aFile.resolve("sub").toString()),
        bad(
            "mlp --points 2e9",
            "--points must be between 2 and 1000000",
            "demo",
            "mlp",
            "--points",
            "2000000000"),
        bad(
            "mlp --hidden 20000",
            "--hidden must be between 1 and 1024",
            "demo",
            "mlp",
            "--hidden",
            "20000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void answersWithTheDocumentedStatusAndAShortSafeMessage(Row row) throws Exception {
    Cli.Run run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> Cli.run(row.args().toArray(String[]::new)));

    assertThat(run.status()).as(run.err()).isEqualTo(row.status());
    assertSafe(run);
    if (row.status() != 0) {
      assertThat(run.out()).as("nothing on stdout before the error").isEmpty();
      assertThat(run.err().lines().findFirst().orElse("")).contains(row.fragment());
      assertThat(run.err()).doesNotContain("root:");
    }
  }

  /** No stack trace, no raw control character, a short message, JSON when asked for. */
  static void assertSafe(Cli.Run run) throws Exception {
    List<String> lines = run.err().strip().lines().toList();
    assertThat(lines.size()).as(run.err()).isLessThanOrEqualTo(3);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.err().length()).as(run.err()).isLessThan(ErrorReporter.MAX_LINE * 3 + 100);
    assertThat(run.err().chars().filter(c -> c < 0x20 && c != '\n').count()).isZero();
    assertThat(run.err()).doesNotContain("\u202e");
    if (!run.out().isBlank() && run.out().strip().startsWith("{")) {
      JsonNode node = JSON.readTree(run.out());
      assertThat(node.isObject()).isTrue();
    }
  }

  @Test
  void aVanishedVariableHasAZeroGradientAndStaysInTheSignature() throws Exception {
    Cli.Run run = Cli.run("grad", "x*0 + y", "--at", "x=1", "y=2", "--json");
    assertThat(run.status()).as(run.err()).isZero();
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("gradient").get("x").asDouble()).isEqualTo(0.0);
    assertThat(root.get("gradient").get("y").asDouble()).isEqualTo(1.0);

    Cli.Run text = Cli.run("grad", "x^0", "--at", "x=3");
    assertThat(text.out()).startsWith("f(x) = x⁰\n     = 1\n");
  }

  @Test
  void aRootWithoutParenthesesIsTheSquareRoot() throws Exception {
    Cli.Run run = Cli.run("grad", "√x", "--at", "x=4", "--json");
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("value").asDouble()).isEqualTo(2.0);
    assertThat(root.get("gradient").get("x").asDouble()).isEqualTo(0.25);
  }

  @Test
  void anExpressionOfDashIsReadFromStandardInput() throws Exception {
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream("x*x + 3*x\n".getBytes(StandardCharsets.UTF_8)));
      Cli.Run run = Cli.run("grad", "-", "--at", "x=2", "--json");
      assertThat(run.status()).as(run.err()).isZero();
      JsonNode root = JSON.readTree(run.out());
      assertThat(root.get("value").asDouble()).isEqualTo(10.0);
      assertThat(root.get("gradient").get("x").asDouble()).isEqualTo(7.0);

      System.setIn(new ByteArrayInputStream(new byte[0]));
      Cli.Run empty = Cli.run("grad", "-", "--at", "x=2");
      assertThat(empty.status()).isEqualTo(ErrorReporter.EXIT_USAGE);
      assertThat(empty.err()).contains("the expression on standard input is empty");
    } finally {
      System.setIn(saved);
    }
  }

  /** Runs that go wrong are statuses with the best point, never bad input or internal errors. */
  static Stream<Arguments> failingRuns() {
    return Stream.of(
        Arguments.of(List.of("1e300*x^2", "--x0", "x=1", "--method", "lbfgs"), "converged"),
        Arguments.of(List.of("1e300*x^2", "--x0", "x=1", "--method", "newton-cg"), "converged"),
        Arguments.of(List.of("log(x)", "--x0", "x=0.001", "--method", "newton"), "failed"),
        Arguments.of(List.of("x", "--x0", "x=1", "--method", "newton"), "diverged"),
        Arguments.of(List.of("x^2 - log(x)", "--x0", "x=1e-10", "--method", "sgd"), "diverged"),
        Arguments.of(List.of("x", "--x0", "x=1", "--method", "lbfgs"), "line-search-failed"));
  }

  @ParameterizedTest(name = "minimize {0}")
  @MethodSource("failingRuns")
  void aRunThatGoesWrongEndsWithAStatus(List<String> args, String status) throws Exception {
    List<String> all = new ArrayList<>(List.of("minimize"));
    all.addAll(args);
    all.add("--json");
    Cli.Run run = Cli.run(all.toArray(String[]::new));

    assertThat(run.status())
        .as(run.err())
        .isNotIn(ErrorReporter.EXIT_USAGE, ErrorReporter.EXIT_INTERNAL);
    assertSafe(run);
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("status").asText()).contains(status);
    assertThat(root.get("f").isNumber()).isTrue();
    assertThat(Double.isFinite(root.get("f").asDouble())).isTrue();
  }

  @Test
  void theBestPointIsReturnedWhenTheLineSearchFails() throws Exception {
    Cli.Run run = Cli.run("minimize", "x", "--x0", "x=1", "--method", "lbfgs", "--json");
    JsonNode root = JSON.readTree(run.out());
    assertThat(root.get("f").asDouble()).isLessThan(-1e6);
    assertThat(root.get("x").get("x").asDouble()).isEqualTo(root.get("f").asDouble());
  }

  /** A command that runs out of memory or stack, to check the top-level handler. */
  @Command(name = "exhaust")
  static final class Exhaust implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Parameters String what;

    @Override
    public Integer call() {
      if (what.equals("memory")) {
        throw new OutOfMemoryError("Java heap space");
      }
      throw new StackOverflowError();
    }
  }

  @Test
  void runningOutOfMemoryOrStackIsOneLineAndStatus71() {
    for (String what : List.of("memory", "stack")) {
      CommandLine cli = new CommandLine(new Exhaust());
      cli.setExecutionStrategy(new Execution());
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err, true));
      cli.setOut(new PrintWriter(new StringWriter(), true));

      int status = cli.execute(what);

      assertThat(status).isEqualTo(ErrorReporter.EXIT_RESOURCES).isEqualTo(71);
      assertThat(err.toString().strip().lines()).hasSize(1);
      assertThat(err.toString()).startsWith("exhaust: out of " + what).contains("-X");
    }
  }

  @Test
  void noTerminalLibraryOrNativeCodeIsOnTheClassPath() {
    assertThatThrownBy(() -> Class.forName("org.jline.terminal.TerminalBuilder"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("me.tongfei.progressbar.ProgressBar"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
