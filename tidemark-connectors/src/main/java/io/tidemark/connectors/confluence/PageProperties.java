package io.tidemark.connectors.confluence;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * The page-properties table of a page's storage format (the {@code details} macro that outage and
 * decision templates use): its rows as heading → value. A value is the cell's text, except that a
 * date picked with the date macro ({@code <time datetime="2024-03-05"/>}) is its date and a status
 * lozenge is its title.
 */
final class PageProperties {
  private PageProperties() {}

  /** The first page-properties table of {@code storage}, keyed by normalized heading. */
  static Optional<Map<String, String>> read(String storage) {
    Document document = Jsoup.parse(storage, "", Parser.xmlParser());
    Element macro =
        document.selectFirst("ac|structured-macro[ac:name=details], ac|macro[ac:name=details]");
    if (macro == null) {
      return Optional.empty();
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (Element row : macro.select("tr")) {
      Element heading = row.selectFirst("th");
      Element value = heading == null ? null : heading.nextElementSibling();
      if (heading == null) {
        // A table without header cells holds its headings in the first column.
        if (row.children().size() < 2) {
          continue;
        }
        heading = row.child(0);
        value = row.child(1);
      }
      if (value == null) {
        continue;
      }
      properties.putIfAbsent(normalize(text(heading)), text(value).strip());
    }
    return Optional.of(properties);
  }

  /**
   * A heading as matched: case, surrounding blanks, runs of blanks and a trailing colon ignored.
   */
  static String normalize(String heading) {
    String text = heading.replace('\u00a0', ' ').strip().replaceAll("\\s+", " ");
    if (text.endsWith(":")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static String text(Element cell) {
    Element copy = cell.clone();
    for (Element time : copy.select("time[datetime]")) {
      time.replaceWith(new org.jsoup.nodes.TextNode(time.attr("datetime")));
    }
    for (Element status : copy.select("ac|structured-macro[ac:name=status]")) {
      Element title = status.selectFirst("ac|parameter[ac:name=title]");
      status.replaceWith(new org.jsoup.nodes.TextNode(title == null ? "" : title.text()));
    }
    for (Element user : copy.select("ri|user")) {
      String name =
          user.hasAttr("ri:username") ? user.attr("ri:username") : user.attr("ri:account-id");
      user.replaceWith(new org.jsoup.nodes.TextNode(name));
    }
    // Paragraphs and line breaks inside a cell separate words, as the page shows them.
    for (Element block : copy.select("p, br, li")) {
      block.after(new org.jsoup.nodes.TextNode(" "));
    }
    return copy.text().replace('\u00a0', ' ').strip().replaceAll("\\s+", " ");
  }
}
