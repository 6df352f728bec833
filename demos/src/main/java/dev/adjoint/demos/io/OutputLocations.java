package dev.adjoint.demos.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Checks where a command will write (a plot folder, a DOT file) before it does any work, so that a
 * location that cannot be written fails at once, not after the whole run.
 *
 * <p>Stateless and thread-safe.
 */
public final class OutputLocations {
  private OutputLocations() {}

  /**
   * Makes sure {@code folder} is, or can be made, a writable folder; creates it.
   *
   * @param option the option that named it, for messages ({@code "--out"})
   * @throws InputException when it is a file, or cannot be created or written
   */
  public static Path folder(Path folder, String option) {
    String name = option + " " + Excerpt.of(folder.toString());
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new InputException(name + " is a file, not a folder; name a folder for the output");
    }
    try {
      Files.createDirectories(folder);
    } catch (FileAlreadyExistsException e) {
      throw new InputException(name + ": part of the path is a file, not a folder", e);
    } catch (IOException | SecurityException e) {
      throw new InputException(name + ": cannot create the folder (" + reason(e) + ")", e);
    }
    if (!Files.isWritable(folder)) {
      throw new InputException(name + ": the folder is not writable");
    }
    return folder;
  }

  /**
   * Makes sure {@code file} can be written: its folder exists or can be made and is writable, and
   * the file itself, if it exists, is a writable file.
   *
   * @throws InputException when it cannot be written
   */
  public static Path file(Path file, String option) {
    String name = option + " " + Excerpt.of(file.toString());
    if (Files.isDirectory(file)) {
      throw new InputException(name + " is a folder; name a file");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new InputException(name + ": the file is not writable");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      folder(parent, option);
    }
    return file;
  }

  /**
   * The path {@code text} names.
   *
   * @throws InputException when it is not a valid path
   */
  public static Path path(String text, String option) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new InputException(option + " " + Excerpt.of(text) + " is not a valid path", e);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getClass().getSimpleName();
  }
}
