package io.tidemark.connectors.confluence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server that answers {@code GET /wiki/rest/api/content/search} as Confluence does: a CQL
 * search (space, label, type, created and lastmodified comparisons, AND, ORDER BY), paged by {@code
 * start} and {@code limit} with {@code _links.next}, pages with their storage body, version,
 * history and space; a bearer token checked; a {@code 429} with {@code Retry-After} on request.
 */
public final class ConfluenceServer implements AutoCloseable {
  /** A page as Confluence keeps it. */
  public record Page(
      String id,
      String title,
      String space,
      Set<String> labels,
      String author,
      Instant created,
      Instant lastModified,
      int version,
      String storage) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLAUSE =
      Pattern.compile(
          "\\s*(space|label|type|created|lastmodified)\\s*(>=|<=|=|<|>)\\s*"
              + "(?:\"([^\"]*)\"|([\\w.-]+))\\s*");
  private static final DateTimeFormatter CQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final HttpServer server;
  private final String token;
  private final List<Page> pages = new ArrayList<>();
  private final List<String> searches = new ArrayList<>();
  private int requests;
  private int throttleEvery;

  /**
   * @param token the bearer token requests must carry; null to accept any request
   */
  public ConfluenceServer(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/wiki/rest/api/content/search", this::search);
    server.start();
  }

  /** The base URL, with its context path, as a load's {@code url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/wiki";
  }

  public synchronized void put(Page page) {
    pages.removeIf(p -> p.id().equals(page.id()));
    pages.add(page);
  }

  /** Every {@code n}th request is answered 429 with {@code Retry-After: 2}; 0 never. */
  public synchronized void throttleEvery(int n) {
    this.throttleEvery = n;
  }

  /** The CQL of every search answered so far (throttled ones not counted). */
  public synchronized List<String> searches() {
    return List.copyOf(searches);
  }

  public synchronized int requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Storage XHTML of a page whose properties table holds {@code properties}, then a paragraph. */
  public static String withProperties(Map<String, String> properties, String text) {
    StringBuilder rows = new StringBuilder();
    properties.forEach(
        (heading, value) ->
            rows.append("<tr><th><p>")
                .append(heading)
                .append("</p></th><td><p>")
                .append(value)
                .append("</p></td></tr>"));
    return "<ac:structured-macro ac:name=\"details\" ac:schema-version=\"1\""
        + " ac:macro-id=\"5f1c\"><ac:rich-text-body><table><tbody>"
        + rows
        + "</tbody></table></ac:rich-text-body></ac:structured-macro><p>"
        + text
        + "</p>";
  }

  private synchronized void search(HttpExchange exchange) throws IOException {
    requests++;
    if (token != null
        && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, error(401, "This request requires authentication"));
      return;
    }
    if (throttleEvery > 0 && requests % throttleEvery == 0) {
      exchange.getResponseHeaders().add("Retry-After", "2");
      answer(exchange, 429, error(429, "Rate limit exceeded"));
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI());
    String cql = query.getOrDefault("cql", "");
    searches.add(cql);
    List<Page> found;
    try {
      found = find(cql);
    } catch (IllegalArgumentException e) {
      answer(exchange, 400, error(400, "Could not parse cql : " + cql));
      return;
    }
    int start = Integer.parseInt(query.getOrDefault("start", "0"));
    int limit = Math.min(Integer.parseInt(query.getOrDefault("limit", "25")), 50);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode results = body.putArray("results");
    for (Page page :
        found.subList(Math.min(start, found.size()), Math.min(start + limit, found.size()))) {
      results.add(json(page));
    }
    body.put("start", start).put("limit", limit).put("size", results.size());
    ObjectNode links = body.putObject("_links");
    links.put("base", url()).put("context", "/wiki");
    if (start + limit < found.size()) {
      links.put(
          "next",
          "/rest/api/content/search?cql="
              + URLEncoder.encode(cql, StandardCharsets.UTF_8)
              + "&limit="
              + limit
              + "&start="
              + (start + limit)
              + "&expand="
              + URLEncoder.encode(query.getOrDefault("expand", ""), StandardCharsets.UTF_8));
    }
    answer(exchange, 200, JSON.writeValueAsString(body));
  }

  private List<Page> find(String cql) {
    String text = cql;
    Comparator<Page> order = Comparator.comparing(Page::id);
    Matcher orderBy = Pattern.compile("(?i)\\s+order\\s+by\\s+(\\w+)\\s*$").matcher(text);
    if (orderBy.find()) {
      String field = orderBy.group(1).toLowerCase();
      order =
          switch (field) {
            case "created" -> Comparator.comparing(Page::created).thenComparing(Page::id);
            case "lastmodified" -> Comparator.comparing(Page::lastModified).thenComparing(Page::id);
            case "title" -> Comparator.comparing(Page::title);
            default -> throw new IllegalArgumentException(field);
          };
      text = text.substring(0, orderBy.start());
    }
    Predicate<Page> filter = page -> true;
    for (String clause : text.replace("(", " ").replace(")", " ").split("(?i)\\s+and\\s+")) {
      if (clause.isBlank()) {
        continue;
      }
      Matcher matcher = CLAUSE.matcher(clause);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(clause);
      }
      String value = matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
      filter = filter.and(clause(matcher.group(1), matcher.group(2), value));
    }
    return pages.stream().filter(filter).sorted(order).toList();
  }

  private static Predicate<Page> clause(String field, String operator, String value) {
    return switch (field) {
      case "space" -> page -> page.space().equals(value);
      case "label" -> page -> page.labels().contains(value);
      case "type" -> page -> value.equals("page");
      default -> {
        Instant bound = LocalDateTime.parse(value, CQL_TIME).toInstant(ZoneOffset.UTC);
        yield page -> {
          Instant at = field.equals("created") ? page.created() : page.lastModified();
          int c = at.compareTo(bound);
          return switch (operator) {
            case ">=" -> c >= 0;
            case ">" -> c > 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            default -> c == 0;
          };
        };
      }
    };
  }

  private ObjectNode json(Page page) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", page.id())
        .put("type", "page")
        .put("status", "current")
        .put("title", page.title());
    node.putObject("space").put("key", page.space()).put("name", page.space() + " space");
    ObjectNode history = node.putObject("history");
    history.put("latest", true).put("createdDate", page.created().toString());
    history.putObject("createdBy").put("type", "known").put("displayName", page.author());
    ObjectNode version = node.putObject("version");
    version.put("number", page.version()).put("when", page.lastModified().toString());
    node.putObject("body")
        .putObject("storage")
        .put("value", page.storage())
        .put("representation", "storage");
    node.putObject("_links")
        .put("webui", "/spaces/" + page.space() + "/pages/" + page.id())
        .put("self", url() + "/rest/api/content/" + page.id());
    return node;
  }

  private static String error(int status, String message) {
    return "{\"statusCode\":"
        + status
        + ",\"data\":{},\"message\":\""
        + message.replace("\"", "\\\"")
        + "\"}";
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
