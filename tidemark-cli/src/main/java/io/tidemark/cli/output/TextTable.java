package io.tidemark.cli.output;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A plain text table with aligned columns; numbers align right. */
public final class TextTable {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,.]*( ?[a-zA-Z%]{0,3})?");

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public TextTable add(List<String> row) {
    rows.add(List.copyOf(row));
    return this;
  }

  public String render(Style style) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      widths[i] = headers.get(i).length();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() && i < widths.length; i++) {
        widths[i] = Math.max(widths[i], visibleLength(row.get(i)));
      }
    }
    StringBuilder out = new StringBuilder();
    List<String> headerCells = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      headerCells.add(pad(headers.get(i), widths[i], false));
    }
    out.append(style.bold(String.join("  ", headerCells).stripTrailing())).append('\n');
    for (List<String> row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < widths.length; i++) {
        String cell = i < row.size() ? row.get(i) : "";
        boolean right = NUMBER.matcher(ANSI.matcher(cell).replaceAll("")).matches();
        cells.add(pad(cell, widths[i], right));
      }
      out.append(String.join("  ", cells).stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static int visibleLength(String text) {
    return ANSI.matcher(text).replaceAll("").length();
  }

  private static String pad(String text, int width, boolean right) {
    String padding = " ".repeat(Math.max(0, width - visibleLength(text)));
    return right ? padding + text : text + padding;
  }
}
