package io.tidemark.cli.command;

/** How a command prints what it reports. */
public enum OutputFormat {
  text,
  json,
  csv
}
