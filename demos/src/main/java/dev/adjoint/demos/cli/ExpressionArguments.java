package dev.adjoint.demos.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Lets an expression begin with '-' ({@code adjoint check '-sum(t * log(softmax(z)))' ...}): when
 * the argument right after {@code grad}, {@code check} or {@code minimize} starts with '-' but
 * names none of the command's options, it is moved behind a {@code --}, where picocli takes it as
 * the positional EXPR and never as an option ({@code -V*x} is an expression, not {@code -V}).
 * Expressions elsewhere are matched by the commands' unmatched-options-are-positional setting.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExpressionArguments {
  /** The commands whose first positional parameter is an expression. */
  public static final List<String> COMMANDS = List.of("grad", "check", "minimize");

  private ExpressionArguments() {}

  /** {@code args}, with an expression that begins with '-' moved behind {@code --}. */
  public static String[] expressionFirst(CommandLine root, String[] args) {
    List<String> list = new ArrayList<>(List.of(args));
    if (list.contains("--")) {
      return args;
    }
    for (int i = 0; i < list.size() - 1; i++) {
      String word = list.get(i);
      CommandLine command = root.getSubcommands().get(word);
      if (command == null) {
        if (word.startsWith("-")) {
          continue; // a global option before the command
        }
        return args;
      }
      String next = list.get(i + 1);
      if (!COMMANDS.contains(word) || !next.startsWith("-") || namesOption(command, next)) {
        return args;
      }
      list.remove(i + 1);
      list.add("--");
      list.add(next);
      return list.toArray(new String[0]);
    }
    return args;
  }

  private static boolean namesOption(CommandLine command, String arg) {
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    return command.getCommandSpec().optionsMap().containsKey(name);
  }
}
