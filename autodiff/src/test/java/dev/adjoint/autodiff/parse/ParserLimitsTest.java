package dev.adjoint.autodiff.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser's limits and hostile input: nesting that must not overflow a small stack, the √
 * prefix, what the user wrote as variables, echoed control characters, and a 10⁶-character input.
 */
class ParserLimitsTest {
  private static final Variable U = Variable.of("u", 3);
  private static final Variable S = Variable.of("s");

  /** Ways to nest {@code n} levels deep around {@code s}. */
  static Stream<Arguments> nestings() {
    return Stream.of(
        Arguments.of("parentheses", (IntFunction<String>) n -> "(".repeat(n) + "s" + ")".repeat(n)),
        Arguments.of("calls", (IntFunction<String>) n -> "exp(".repeat(n) + "s" + ")".repeat(n)),
        Arguments.of(
            "reductions with axes",
            (IntFunction<String>) n -> "sum(".repeat(n) + "s" + ")".repeat(n)),
        Arguments.of("signs", (IntFunction<String>) n -> "-".repeat(n) + "s"),
        Arguments.of("roots", (IntFunction<String>) n -> "√".repeat(n) + "s"),
        Arguments.of("exponents", (IntFunction<String>) n -> "s^".repeat(n) + "s"),
        Arguments.of(
            "mixed",
            (IntFunction<String>)
                n -> {
                  StringBuilder sb = new StringBuilder();
                  for (int i = 0; i < n; i++) {
                    sb.append(i % 3 == 0 ? "sin(" : i % 3 == 1 ? "-(" : "√(");
                  }
                  return sb + "s" + ")".repeat(n);
                }));
  }

  /** Runs {@code body} on a thread with a 256 KiB stack, as under {@code -Xss256k}. */
  private static Throwable onSmallStack(Runnable body) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();
    return thrown.get();
  }

  /** The deepest nesting of {@code nest} that the parser accepts. */
  private static int deepestAccepted(IntFunction<String> nest) {
    int n = 0;
    while (true) {
      try {
        Parser.parse(nest.apply(n + 1), S);
        n++;
      } catch (ParseException e) {
        assertThat(e).hasMessageStartingWith("expression nested more than " + Parser.MAX_DEPTH);
        return n;
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestings")
  void theNestingLimitHoldsOnA256KiBStack(String name, IntFunction<String> nest)
      throws InterruptedException {
    int deepest = deepestAccepted(nest);
    assertThat(deepest).isBetween(Parser.MAX_DEPTH / 2 - 1, Parser.MAX_DEPTH);

    for (int run = 0; run < 20; run++) {
      Throwable atLimit = onSmallStack(() -> Parser.parse(nest.apply(deepest), S));
      assertThat(atLimit).as(name + " at the limit, run " + run).isNull();
    }
    Throwable over = onSmallStack(() -> Parser.parse(nest.apply(deepest + 1), S));
    assertThat(over)
        .as(name + " over the limit")
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("expression nested more than " + Parser.MAX_DEPTH + " levels");

    Throwable far = onSmallStack(() -> Parser.parse(nest.apply(100_000), S));
    assertThat(far).as(name + " far over the limit").isInstanceOf(ParseException.class);
  }

  @Test
  void aThreadWithAlmostNoStackLeftGetsAParseExceptionNotAStackOverflow()
      throws InterruptedException {
    // Use up most of a 256 KiB stack before parsing at the nesting limit.
    int n = Parser.MAX_DEPTH - 1;
    String text = "exp(".repeat(n) + "s" + ")".repeat(n);
    for (int used : new int[] {200, 400, 800, 1600}) {
      Throwable t = onSmallStack(() -> burn(used, () -> Parser.parse(text, S)));
      assertThat(t)
          .as("after %d frames", used)
          .satisfiesAnyOf(
              e -> assertThat(e).isNull(),
              e ->
                  assertThat(e)
                      .isInstanceOf(ParseException.class)
                      .hasMessageStartingWith(
                          "expression nested too deeply for this thread's stack"),
              e -> {
                // Overflowing while using up the stack, before the parser ran, is the test's own.
                assertThat(e).isInstanceOf(StackOverflowError.class);
                assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("burn");
              });
    }
  }

  private static void burn(int frames, Runnable then) {
    if (frames == 0) {
      then.run();
    } else {
      burn(frames - 1, then);
    }
  }

  @Test
  void aRootWithoutParenthesesIsThePrefixSquareRoot() {
    assertThat(Parser.parse("√u", U)).isSameAs(Exprs.sqrt(U));
    assertThat(Parser.parse("√u[0]", U)).isSameAs(Exprs.sqrt(Exprs.slice(U, Index.at(0))));
    assertThat(Parser.parse("√√u", U)).isSameAs(Exprs.sqrt(Exprs.sqrt(U)));
    assertThat(Parser.parse("-√u", U)).isSameAs(Exprs.neg(Exprs.sqrt(U)));
    assertThat(Parser.parse("2*√u", U)).isSameAs(Exprs.mul(Constant.of(2), Exprs.sqrt(U)));
    assertThat(Parser.parse("√(u)²", U)).isSameAs(Exprs.pow(Exprs.sqrt(U), Constant.of(2)));
    assertThat(Parser.parse("√(u²)", U)).isSameAs(Exprs.sqrt(Exprs.pow(U, Constant.of(2))));
    assertThat(Parser.parse("√(u)[1]", U)).isSameAs(Exprs.slice(Exprs.sqrt(U), Index.at(1)));
    Variable sqrt = Variable.of("sqrt");
    assertThat(Parser.parse("sqrt + 1", sqrt)).isSameAs(Exprs.add(sqrt, Constant.of(1)));
  }

  @Test
  void aRootFollowedByAnExponentIsRefusedAsAmbiguous() {
    for (String text : List.of("√u^2", "√u²", "√u[0]^2")) {
      assertThatThrownBy(() -> Parser.parse(text, U))
          .as(text)
          .isInstanceOf(ParseException.class)
          .hasMessageStartingWith("√ followed by an exponent is ambiguous");
    }
    assertThatThrownBy(() -> Parser.parse("√", U))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("expected an expression");
  }

  @Test
  void variableNamesAreTheNamesWrittenNotThoseTheGraphKept() {
    assertThat(Parser.variableNames("x*0 + y")).containsExactly("x", "y");
    assertThat(Parser.variableNames("x^0")).containsExactly("x");
    assertThat(Parser.variableNames("sum(W @ X) + sigmoid(W)")).containsExactly("W", "X");
    assertThat(Parser.variableNames("√x + sqrt(y) + σ(z) + σ")).containsExactly("x", "y", "z", "σ");
    assertThat(Parser.variableNames("2 + 3")).isEmpty();
    // x·0 is kept as written now (it is NaN where x is), but the names never depended on that.
    Expr kept = Parser.parse("x*0", Variable.of("x"));
    assertThat(kept.isConstant()).isFalse();
  }

  @Test
  void controlCharactersAreEscapedInTheEchoAndTheCaretStillPointsAtThem() {
    String text = "s + \u001b[31m";
    assertThatThrownBy(() -> Parser.parse(text, S))
        .isInstanceOf(ParseException.class)
        .satisfies(
            e -> {
              List<String> lines = e.getMessage().lines().toList();
              assertThat(lines.get(0)).isEqualTo("unexpected character '\\x1b' at column 5");
              assertThat(lines.get(1)).isEqualTo("  s + \\x1b[31m");
              assertThat(lines.get(2)).isEqualTo("      ^");
              assertThat(e.getMessage().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
            });
    String bidi = "s\u202e + t";
    assertThatThrownBy(() -> Parser.parse(bidi, S))
        .hasMessageContaining("\\u202e")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u202e"));
    String tab = "s +\t(";
    assertThatThrownBy(() -> Parser.parse(tab, S))
        .satisfies(
            e -> {
              List<String> lines = e.getMessage().lines().toList();
              assertThat(lines.get(1)).isEqualTo("  s +\\x09(");
              assertThat(lines.get(2)).isEqualTo("          ^");
            });
  }

  @Test
  void aMillionCharacterSumParsesAndDifferentiatesWithoutQuadraticWork() {
    StringBuilder sb = new StringBuilder("x");
    while (sb.length() < 1_000_000) {
      sb.append("+x");
    }
    Variable x = Variable.of("x");
    long start = System.nanoTime();
    Expr sum = Parser.parse(sb.toString(), x);
    long parsed = System.nanoTime();
    Expr gradient = Gradients.raw(sum, x).of(x);
    long differentiated = System.nanoTime();

    int terms = (sb.length() + 1) / 2;
    assertThat(sum.eval(dev.adjoint.autodiff.Bindings.of("x", Tensor.scalar(1))).item())
        .isEqualTo(terms);
    assertThat(gradient.eval(dev.adjoint.autodiff.Bindings.of()).item()).isEqualTo(terms);
    System.out.printf(
        "10^6-character x+x+...: parse %.2f s, raw gradient %.2f s%n",
        (parsed - start) / 1e9, (differentiated - parsed) / 1e9);
    // Quadratic work would take hours; the target is 5 s for both on a quiet machine.
    assertThat((differentiated - start) / 1e9).isLessThan(60);
  }
}
