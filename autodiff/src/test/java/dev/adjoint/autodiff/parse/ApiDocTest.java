package dev.adjoint.autodiff.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/api.md lists every function of the expression language beside its Java factory. */
class ApiDocTest {
  private static final Path API_DOC = Path.of("..", "docs", "api.md");

  @Test
  void everyLanguageFunctionHasARowInTheApiTable() throws IOException {
    String doc = Files.readString(API_DOC, StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (String name : Functions.TABLE.keySet()) {
      // A row starts with the function in backticks: `name(x)`, `name(a, b)` or a bare `name`.
      Pattern row = Pattern.compile("(?m)^\\|[^|]*`" + Pattern.quote(name) + "[(`]");
      if (!row.matcher(doc).find()) {
        missing.add(name);
      }
    }
    assertThat(missing).as("functions of the language with no row in %s", API_DOC).isEmpty();
  }

  @Test
  void theCheckCanFail() throws IOException {
    String doc = Files.readString(API_DOC, StandardCharsets.UTF_8);
    Pattern row = Pattern.compile("(?m)^\\|[^|]*`" + Pattern.quote("no_such_function") + "[(`]");
    assertThat(row.matcher(doc).find()).isFalse();
  }
}
