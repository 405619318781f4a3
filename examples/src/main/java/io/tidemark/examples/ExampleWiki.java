package io.tidemark.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example's company wiki for the time of a demo: a server on loopback that answers Confluence's
 * content search ({@code /wiki/rest/api/content/search}) with the outage report pages, paged as
 * Confluence pages them, so the example's Confluence load runs for real without a Confluence. It
 * understands the one narrowing a load adds ({@code lastmodified >= "…"}); every other clause of
 * the search is taken as the example's own (space and label).
 */
public final class ExampleWiki implements AutoCloseable {
  private static final Pattern SINCE = Pattern.compile("lastmodified\\s*>=\\s*\"([^\"]+)\"");
  private static final DateTimeFormatter CQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<OutageReports.Report> reports;

  private ExampleWiki(HttpServer server, List<OutageReports.Report> reports) {
    this.server = server;
    this.reports = reports;
  }

  /** Serves {@code reports} on a free loopback port until closed. */
  public static ExampleWiki serve(List<OutageReports.Report> reports) {
    requireNonNull(reports, "reports is null");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      ExampleWiki wiki = new ExampleWiki(server, List.copyOf(reports));
      server.createContext("/wiki/rest/api/content/search", wiki::search);
      server.start();
      return wiki;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base address a load's {@code url} names. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/wiki";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void search(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI());
    String cql = query.getOrDefault("cql", "");
    Matcher since = SINCE.matcher(cql);
    LocalDateTime from =
        since.find() ? LocalDateTime.parse(since.group(1), CQL_TIME) : LocalDateTime.MIN;
    List<OutageReports.Report> found =
        reports.stream().filter(report -> !report.lastModified().isBefore(from)).toList();
    int start = Integer.parseInt(query.getOrDefault("start", "0"));
    int limit = Math.min(Integer.parseInt(query.getOrDefault("limit", "25")), 50);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode results = body.putArray("results");
    for (OutageReports.Report report :
        found.subList(Math.min(start, found.size()), Math.min(start + limit, found.size()))) {
      results.add(json(report));
    }
    body.put("start", start).put("limit", limit).put("size", results.size());
    ObjectNode links = body.putObject("_links").put("base", url()).put("context", "/wiki");
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
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static ObjectNode json(OutageReports.Report report) {
    ObjectNode page = JSON.createObjectNode();
    page.put("id", report.id()).put("type", "page").put("status", "current");
    page.put("title", report.title());
    page.putObject("space").put("key", OutageReports.SPACE);
    ObjectNode history = page.putObject("history");
    history.put("createdDate", report.created().atOffset(ZoneOffset.UTC).toString());
    history.putObject("createdBy").put("displayName", report.author());
    page.putObject("version")
        .put("number", 1)
        .put("when", report.lastModified().atOffset(ZoneOffset.UTC).toString());
    page.putObject("body")
        .putObject("storage")
        .put("value", report.storage())
        .put("representation", "storage");
    page.putObject("_links")
        .put("webui", "/spaces/" + OutageReports.SPACE + "/pages/" + report.id());
    return page;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return query;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }
}
