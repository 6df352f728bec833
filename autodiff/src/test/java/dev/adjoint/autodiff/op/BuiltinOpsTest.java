package dev.adjoint.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.print.Printer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered function of the language is parsed, prints back to text that parses to the same
 * node (in the plain form, and in the Unicode form when that is a call by name), and builds an op
 * that has rows in {@link OpGradientTableTest}.
 */
class BuiltinOpsTest {
  private static final Variable A = Variable.of("a", 3, 3);
  private static final Variable B = Variable.of("b", 3, 3);
  private static final Variable C = Variable.of("c", 3, 3);

  /** Calls that need parameters or particular operands to be well formed. */
  private static final Map<String, String> SPECIAL =
      Map.ofEntries(
          Map.entry("reshape", "reshape(a, 9)"),
          Map.entry("broadcast", "broadcast(a, 2, 3, 3)"),
          Map.entry("transpose", "transpose(a, 1, 0)"),
          Map.entry("sum", "sum(a, 1)"),
          Map.entry("polygamma", "polygamma(a, 2)"),
          Map.entry("cumsum", "cumsum(a, 1)"),
          Map.entry("gather", "gather(a, b, 0)"),
          Map.entry("index_select", "index_select(a, b[0], 1)"),
          Map.entry("scatter_add", "scatter_add(a, b, 0, 4)"),
          Map.entry("one_hot", "one_hot(a, 3)"),
          Map.entry("eye", "eye(3)"));

  static Stream<LanguageFunction> functions() {
    return BuiltinOps.functions().stream();
  }

  private static String call(LanguageFunction f) {
    if (SPECIAL.containsKey(f.name())) {
      return SPECIAL.get(f.name());
    }
    int n = f.operands() == LanguageFunction.VARIADIC ? 2 : f.operands();
    return f.name() + "(" + String.join(", ", List.of("a", "b", "c").subList(0, n)) + ")";
  }

  private static Expr parse(String text) {
    return Parser.parse(text, A, B, C);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void parsesAndItsPlainFormParsesBackToTheSameNode(LanguageFunction f) {
    Expr e = parse(call(f));
    String plain = PlainPrinter.print(e);

    assertThat(parse(plain)).as("%s printed as %s", call(f), plain).isSameAs(e);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void aliasesParseToTheSameNode(LanguageFunction f) {
    Expr e = parse(call(f));
    for (String alias : f.aliases()) {
      assertThat(parse(call(f).replaceFirst(f.name(), alias))).as(alias).isSameAs(e);
    }
    String unicode = Printer.unicode().withSharing(false).print(e);
    if (unicode.matches("[\\p{L}\\p{Nd}_]+\\((a|b|c)(, (a|b|c))*\\)")) {
      assertThat(parse(unicode)).as("%s in Unicode: %s", call(f), unicode).isSameAs(e);
    }
  }

  @Test
  void everyOpTheRegistryBuildsHasARowInTheGradientTable() {
    Set<String> covered =
        OpGradientTableTest.rows()
            .map(r -> r.covers().getName())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>();
    for (LanguageFunction f : BuiltinOps.functions()) {
      Class<?> op = parse(call(f)).op().getClass();
      if (!covered.contains(op.getName())) {
        missing.add(f.name() + " builds " + op.getSimpleName());
      }
    }
    assertThat(missing).as("registered functions whose op has no gradient-table row").isEmpty();
  }

  @Test
  void theUnicodeNameOfAFunctionIsAnAlias() {
    assertThat(LanguageFunction.of(new Sigmoid()).aliases()).containsExactly("σ");
    assertThat(LanguageFunction.of(new Sqrt()).aliases()).as("√ is not a word").isEmpty();
  }
}
