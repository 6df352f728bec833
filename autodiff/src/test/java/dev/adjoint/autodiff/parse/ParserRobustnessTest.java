package dev.adjoint.autodiff.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.print.Printer;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For any text, the parser returns an expression or throws {@link ParseException} with a position
 * inside the text: never another exception, never a stack overflow. Checked on random strings over
 * the language's alphabet and on random edits of well-formed expressions.
 */
class ParserRobustnessTest {
  private static final String[] PIECES = {
    "u",
    "v",
    "s",
    "A",
    "B",
    "T",
    "m",
    "x",
    "0",
    "1",
    "2",
    "-1",
    "1e-3",
    "1.0E20",
    "1e999",
    ".5",
    "99999999999",
    "+",
    "-",
    "*",
    "/",
    "@",
    "^",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "'",
    " ",
    "·",
    "⊙",
    "−",
    "²",
    "ᵀ",
    "σ",
    "√",
    "sum(",
    "mean(",
    "max(",
    "softmax(",
    "transpose(",
    "reshape(",
    "broadcast(",
    "concat(",
    "pad(",
    "where(",
    "gt(",
    "zeros(",
    "full(",
    "exp(",
    "sigmod(",
    "::",
    "$",
    "\n",
    "\t",
    "𝑥",
    "é",
    "_"
  };

  /** Seeds run per test case: each case covers a block of them, so reports stay small. */
  private static final int SEEDS_PER_CASE = 500;

  static LongStream blocks() {
    return LongStream.range(0, 8);
  }

  static LongStream fewerBlocks() {
    return LongStream.range(0, 4);
  }

  @ParameterizedTest(name = "seeds from {0}×500")
  @MethodSource("blocks")
  void randomTextParsesOrFailsWithAParseException(long block) {
    for (long seed = block * SEEDS_PER_CASE; seed < (block + 1) * SEEDS_PER_CASE; seed++) {
      randomText(seed);
    }
  }

  @ParameterizedTest(name = "seeds from {0}×500")
  @MethodSource("fewerBlocks")
  void editsOfWellFormedExpressionsParseOrFailWithAParseException(long block) {
    for (long seed = block * SEEDS_PER_CASE; seed < (block + 1) * SEEDS_PER_CASE; seed++) {
      edit(seed);
    }
  }

  private static void randomText(long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(25);
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    parseSafely(text.toString());
  }

  private static void edit(long seed) {
    Random random = new Random(seed);
    Expr e = new RandomExpressions(seed).next(10);
    String text = random.nextBoolean() ? PlainPrinter.print(e) : Printer.unicode().print(e);
    StringBuilder edited = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = edited.length() == 0 ? 0 : random.nextInt(edited.length());
      switch (random.nextInt(4)) {
        case 0 -> {
          if (edited.length() > 0) {
            edited.deleteCharAt(at);
          }
        }
        case 1 -> edited.insert(at, PIECES[random.nextInt(PIECES.length)]);
        case 2 -> {
          if (edited.length() > 0) {
            edited.setCharAt(at, text.charAt(random.nextInt(text.length())));
          }
        }
        default -> {
          int end = Math.min(edited.length(), at + random.nextInt(8));
          edited.insert(at, edited.substring(at, end));
        }
      }
    }
    parseSafely(edited.toString());
  }

  private static void parseSafely(String text) {
    try {
      Expr parsed = Parser.parse(text, RandomExpressions.VARIABLES);
      assertThat(parsed).isNotNull();
    } catch (ParseException e) {
      assertThat(e.position()).as(text).isBetween(0, text.length());
      assertThat(e.getMessage()).as(text).contains("column").contains("^");
    }
  }
}
