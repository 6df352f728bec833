package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are the code of tests that run: the 30-second example is {@link
 * ReadmeExampleTest}'s marked region, and the user-project test is {@code
 * example.NeuronGradientTest} verbatim.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path TESTS = Path.of("src", "test", "java");

  @Test
  void thirtySecondExampleIsTheTestsCode() throws IOException {
    String snippet = javaBlocks().get(0);
    String body =
        snippet.lines().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
    String test =
        Files.readString(
            TESTS.resolve("dev/adjoint/autodiff/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
    String region =
        test.substring(
            test.indexOf("// --- README example starts ---")
                + "// --- README example starts ---".length(),
            test.indexOf("// --- README example ends ---"));
    assertThat(normalise(body)).isEqualTo(normalise(region));
  }

  @Test
  void thirtySecondExampleImportsEveryTypeItUses() throws IOException {
    String snippet = javaBlocks().get(0);
    for (String type : List.of("Variable", "Expr", "Bindings", "Tensor", "Program", "List")) {
      assertThat(snippet).containsPattern("(?m)^import [\\w.]+\\." + type + ";$");
    }
  }

  @Test
  void userProjectTestIsTheExampleTest() throws IOException {
    String file =
        Files.readString(TESTS.resolve("example/NeuronGradientTest.java"), StandardCharsets.UTF_8);
    assertThat(javaBlocks()).anySatisfy(block -> assertThat(block).isEqualTo(file));
  }

  /** The contents of the README's ```java blocks, in order. */
  private static List<String> javaBlocks() throws IOException {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
      if (current == null && line.equals("```java")) {
        current = new StringBuilder();
      } else if (current != null && line.equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static String normalise(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
