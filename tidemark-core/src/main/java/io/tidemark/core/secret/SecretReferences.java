package io.tidemark.core.secret;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ${secret:NAME}} references in configuration text: found, checked and expanded. */
public final class SecretReferences {
  /** What a secret's name may be: letters, digits, {@code _ . -}, starting with a letter or _. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");

  private SecretReferences() {}

  public static boolean isName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Whether {@code text} holds at least one reference. */
  public static boolean contains(String text) {
    return REFERENCE.matcher(requireNonNull(text, "text is null")).find();
  }

  /** The names referenced in {@code text}, in order, repeats included. */
  public static List<String> names(String text) {
    Matcher matcher = REFERENCE.matcher(requireNonNull(text, "text is null"));
    List<String> names = new ArrayList<>();
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** {@code text} with every reference replaced by its secret's value. */
  public static String expand(String text, Secrets secrets) {
    requireNonNull(text, "text is null");
    requireNonNull(secrets, "secrets is null");
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(secrets.reveal(matcher.group(1))));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
