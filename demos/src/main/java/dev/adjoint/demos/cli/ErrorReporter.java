package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.ShapeMismatchException;
import dev.adjoint.autodiff.parse.ParseException;
import dev.adjoint.demos.io.Excerpt;
import dev.adjoint.demos.io.InputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into a short message on stderr and an exit status, so that bad input never
 * shows a stack trace (unless {@code --debug}): usage errors and bad input exit with {@value
 * #EXIT_USAGE}, missing features with {@value #EXIT_NOT_AVAILABLE}, bugs with {@value
 * #EXIT_INTERNAL}. The commands themselves return {@value #EXIT_MISMATCH}, {@value
 * #EXIT_INCONCLUSIVE} ({@code check}) and {@value #EXIT_NOT_CONVERGED} ({@code minimize}).
 *
 * <p>Holds no state; thread-safe.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** A check found a mismatch. */
  public static final int EXIT_MISMATCH = 1;

  /** A check could not judge every element numerically: not a pass, not a mismatch. */
  public static final int EXIT_INCONCLUSIVE = 3;

  /** A minimisation stopped without meeting a convergence test (iteration limit, failure). */
  public static final int EXIT_NOT_CONVERGED = 4;

  /** Bad input: an unknown option, a malformed value or expression, a shape mismatch. */
  public static final int EXIT_USAGE = 2;

  /** The feature is not in this build. */
  public static final int EXIT_NOT_AVAILABLE = 69;

  /** A bug: an unexpected exception. */
  public static final int EXIT_INTERNAL = 70;

  /** Out of resources: the Java heap or a thread's stack ran out (sysexits' EX_OSERR). */
  public static final int EXIT_RESOURCES = 71;

  /** The longest line of a message; longer lines (echoed input) are cut. */
  static final int MAX_LINE = 300;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (List.of(args).contains("--debug")) {
      ex.printStackTrace(err);
    }
    String name = cmd.getCommandSpec().qualifiedName();
    String message = unknownCommand(ex, cmd);
    if (message == null) {
      message = firstLine(ex.getMessage()) + suggestion(ex);
    }
    err.println(Excerpt.lines(name + ": " + message, MAX_LINE) + " (see '" + name + " --help')");
    err.flush();
    return EXIT_USAGE;
  }

  /** "unknown command 'gard'; did you mean grad?" when a word was given where a command belongs. */
  private static String unknownCommand(ParameterException ex, CommandLine cmd) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u)
        || cmd.getSubcommands().isEmpty()
        || !cmd.getCommandSpec().positionalParameters().isEmpty()
        || u.getUnmatched().isEmpty()
        || u.getUnmatched().get(0).startsWith("-")) {
      return null;
    }
    String word = u.getUnmatched().get(0);
    String closest = null;
    int best = Integer.MAX_VALUE;
    for (String command : cmd.getSubcommands().keySet()) {
      int d = editDistance(word, command);
      if (d < best) {
        best = d;
        closest = command;
      }
    }
    String known = String.join(", ", cmd.getSubcommands().keySet());
    return best <= 2
        ? "unknown command '" + Excerpt.of(word) + "'; did you mean " + closest + "?"
        : "unknown command '" + Excerpt.of(word) + "'; the commands are " + known;
  }

  /** The Levenshtein distance: insertions, deletions and substitutions. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private static String suggestion(ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        return "; did you mean " + String.join(" or ", suggestions) + "?";
      }
    }
    return "";
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    cmd.getOut().flush();
    if (isDebug(parseResult)) {
      ex.printStackTrace(err);
    }
    String name = cmd.getCommandSpec().qualifiedName();
    int status;
    String message;
    if (ex instanceof NotAvailableException) {
      status = EXIT_NOT_AVAILABLE;
      message = ex.getMessage();
    } else if (isBadInput(ex)) {
      status = EXIT_USAGE;
      message = ex.getMessage();
    } else if (ex instanceof NonFiniteException) {
      status = EXIT_USAGE;
      message = "the value is not finite: " + ex.getMessage();
    } else if (ex instanceof UncheckedIOException) {
      status = EXIT_USAGE;
      message = ex.getMessage();
    } else {
      status = EXIT_INTERNAL;
      message =
          "internal error: "
              + ex
              + (isDebug(parseResult) ? "" : " (run again with --debug for the stack trace)");
    }
    err.println(
        Excerpt.lines(
            name + ": " + (message == null ? ex.getClass().getSimpleName() : message), MAX_LINE));
    err.flush();
    return status;
  }

  /**
   * Whether {@code ex} reports bad input rather than a bug: our own input errors, the parser's
   * errors, and the library's binding and shape errors and argument checks.
   */
  static boolean isBadInput(Throwable ex) {
    return ex instanceof InputException
        || ex instanceof ParseException
        || ex instanceof BindingException
        || ex instanceof ShapeMismatchException
        || ex instanceof IllegalArgumentException;
  }

  private static boolean isDebug(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid arguments";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
