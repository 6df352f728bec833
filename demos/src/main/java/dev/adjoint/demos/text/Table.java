package dev.adjoint.demos.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with a header row, columns padded to their widest cell; numeric-looking
 * columns are right-aligned.
 *
 * <p>Not thread-safe: rows are added in place; build and render it on one thread.
 */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  private Table(List<String> header) {
    this.header = header;
  }

  /** A table with these column titles. */
  public static Table withColumns(String... titles) {
    checkArgument(titles.length > 0, "a table needs at least one column");
    return new Table(List.of(titles));
  }

  /** Adds a row; it must have one cell per column. */
  public Table row(Object... cells) {
    checkArgument(
        cells.length == header.size(),
        "row has %s cells but the table has %s columns",
        cells.length,
        header.size());
    List<String> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  /** The table as lines, each starting with {@code indent}. */
  public String render(String indent) {
    int n = header.size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int c = 0; c < n; c++) {
      width[c] = header.get(c).length();
      numeric[c] = c > 0;
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
        numeric[c] &= looksNumeric(row.get(c));
      }
    }
    StringBuilder sb = new StringBuilder();
    appendRow(sb, indent, header, width, numeric);
    sb.append(indent);
    for (int c = 0; c < n; c++) {
      sb.append(c == 0 ? "" : "  ").append("─".repeat(width[c]));
    }
    sb.append('\n');
    for (List<String> row : rows) {
      appendRow(sb, indent, row, width, numeric);
    }
    return sb.toString();
  }

  private static void appendRow(
      StringBuilder sb, String indent, List<String> cells, int[] width, boolean[] numeric) {
    StringBuilder line = new StringBuilder(indent);
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static boolean looksNumeric(String s) {
    return s.isEmpty() || s.equals("–") || s.matches("[-+0-9.eE ×%sµmsn/]+");
  }
}
