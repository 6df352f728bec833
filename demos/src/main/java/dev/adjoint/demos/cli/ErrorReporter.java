package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.ShapeMismatchException;
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
 * #EXIT_INTERNAL}.
 */
public final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** A check found a mismatch. */
  public static final int EXIT_MISMATCH = 1;

  /** Bad input: an unknown option, a malformed value or expression, a shape mismatch. */
  public static final int EXIT_USAGE = 2;

  /** The feature is not in this build. */
  public static final int EXIT_NOT_AVAILABLE = 69;

  /** A bug: an unexpected exception. */
  public static final int EXIT_INTERNAL = 70;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (List.of(args).contains("--debug")) {
      ex.printStackTrace(err);
    }
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(
        name + ": " + firstLine(ex.getMessage()) + suggestion(ex) + " (see '" + name + " --help')");
    err.flush();
    return EXIT_USAGE;
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
    err.println(name + ": " + (message == null ? ex.getClass().getSimpleName() : message));
    err.flush();
    return status;
  }

  /**
   * Whether {@code ex} reports bad input rather than a bug: our own input errors, the parser's
   * errors, and the library's binding and shape errors and argument checks.
   */
  static boolean isBadInput(Throwable ex) {
    return ex instanceof InputException
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
