package io.tidemark.connectors.confluence;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connectors.field.FieldType;
import io.tidemark.connectors.http.HttpSource;
import io.tidemark.connectors.secret.Redaction;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.load.LoadSink;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.LoadType;
import io.tidemark.core.load.SourceLoader;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.secret.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Confluence pages found by a CQL search into rows: each page's id, title, address, space,
 * author, creation and last-modified times and version, and the fields of its page-properties table
 * mapped heading → column. Pages are read a page of results at a time ({@code page_size}, at most
 * 50 with bodies, as Confluence allows), following the {@code next} links Confluence gives. An
 * incremental load asks only for pages modified since the last high-water mark less the look-back.
 *
 * <pre>
 * load:
 *   from: confluence
 *   url: https://wiki.example.com            # the base, with its context path (…/wiki)
 *   cql: space = OPS and label = outage-report
 *   bearer_token: ${secret:WIKI_TOKEN}       # or user and password (an API token)
 *   mode: incremental
 *   cursor: last_modified
 *   key: [id]
 *   properties:                              # heading: column [type]
 *     Severity: severity
 *     Started: started_at timestamp
 *     Duration (min): duration_minutes bigint
 * </pre>
 */
public final class ConfluenceLoader implements SourceLoader {
  /** The most results Confluence returns a request when bodies are expanded. */
  public static final int MAX_PAGE_SIZE = 50;

  /** The columns every loaded page has, before its properties. */
  public static final List<LoadColumn> PAGE_COLUMNS =
      List.of(
          LoadColumn.of("id", LoadType.VARCHAR),
          LoadColumn.of("title", LoadType.VARCHAR),
          LoadColumn.of("url", LoadType.VARCHAR),
          LoadColumn.of("space", LoadType.VARCHAR),
          LoadColumn.of("author", LoadType.VARCHAR),
          LoadColumn.of("created", LoadType.TIMESTAMP),
          LoadColumn.of("last_modified", LoadType.TIMESTAMP),
          LoadColumn.of("version", LoadType.BIGINT));

  private static final List<String> KEYS =
      List.of(
          "url", "cql", "properties", "page_size", "timeout", "bearer_token", "user", "password");
  private static final Pattern PROPERTY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\s+(.+))?");
  private static final Pattern ORDER_BY = Pattern.compile("(?i)\\border\\s+by\\b");
  private static final DateTimeFormatter CQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
  private static final int DEFAULT_PAGE_SIZE = 25;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Secrets secrets;
  private final HttpSource http;

  public ConfluenceLoader(Secrets secrets, HttpSource http) {
    this.secrets = requireNonNull(secrets, "secrets is null");
    this.http = requireNonNull(http, "http is null");
  }

  @Override
  public String type() {
    return "confluence";
  }

  @Override
  public void validate(LoadSpec spec) {
    spec.requireKnown(KEYS);
    HttpSource.baseUrl(spec);
    String cql = spec.required("cql", "the CQL search whose pages are loaded");
    if (ORDER_BY.matcher(cql).find()) {
      throw spec.error("cql", "leave ORDER BY out of cql: the load orders the search itself");
    }
    long pageSize = spec.number("page_size", DEFAULT_PAGE_SIZE);
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw spec.error(
          "page_size", "page_size must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
    }
    spec.duration("timeout", DEFAULT_TIMEOUT);
    if (spec.mode() == LoadMode.INCREMENTAL && !spec.cursor().equals("last_modified")) {
      throw spec.error(
          "cursor",
          "a confluence load follows pages by last_modified (cursor: last_modified), got '"
              + spec.cursor()
              + "'");
    }
    properties(spec);
    HttpSource.checkAuthorization(spec);
  }

  /** The columns of the page-properties fields, keyed by normalized heading. */
  static Map<String, FieldType> properties(LoadSpec spec) {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    Set<String> columns = new HashSet<>();
    PAGE_COLUMNS.forEach(column -> columns.add(column.name()));
    for (Map.Entry<String, String> entry : spec.mapping("properties").entrySet()) {
      Matcher matcher = PROPERTY.matcher(entry.getValue().strip());
      if (!matcher.matches()) {
        throw spec.error(
            "properties",
            "property '"
                + entry.getKey()
                + "': expected a column name and an optional type (severity, started_at"
                + " timestamp), got '"
                + entry.getValue()
                + "'");
      }
      String column = matcher.group(1);
      if (!columns.add(column)) {
        throw spec.error("properties", "column '" + column + "' is named twice");
      }
      String type = matcher.group(2) == null ? "varchar" : matcher.group(2);
      FieldType field = FieldType.parse(column, type, spec, "properties");
      if (fields.put(PageProperties.normalize(entry.getKey()), field) != null) {
        throw spec.error("properties", "heading '" + entry.getKey() + "' is mapped twice");
      }
    }
    return fields;
  }

  @Override
  public void load(LoadRequest request, LoadSink sink) {
    LoadSpec spec = request.spec();
    validate(spec);
    URI base = HttpSource.baseUrl(spec);
    Map<String, FieldType> properties = properties(spec);
    if (request.partitioning().isPartitioned()
        && !List.of("created", "last_modified").contains(request.partitioning().column())) {
      throw spec.error(
          null,
          "a partitioned confluence source is partitioned by created or last_modified, not "
              + request.partitioning().column());
    }
    List<LoadColumn> columns = new ArrayList<>(PAGE_COLUMNS);
    properties.values().forEach(field -> columns.add(field.column()));
    sink.columns(columns);

    String where =
        "source "
            + request.source()
            + " (confluence, "
            + HttpSource.display(base)
            + (request.partition().equals(PartitionKey.ALL) ? "" : ", " + request.partition())
            + ")";
    Redaction redaction = new Redaction(secrets);
    Optional<String> authorization = HttpSource.authorization(spec, redaction);
    Duration timeout = spec.duration("timeout", DEFAULT_TIMEOUT);
    String first =
        "/rest/api/content/search?cql="
            + encode(cql(request))
            + "&limit="
            + spec.number("page_size", DEFAULT_PAGE_SIZE)
            + "&expand="
            + encode("body.storage,version,history,space");
    Set<String> seen = new HashSet<>();
    String next = first;
    while (next != null) {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(resolve(base, next, where))
              .timeout(timeout)
              .header("Accept", "application/json")
              .GET();
      authorization.ifPresent(value -> builder.header("Authorization", value));
      JsonNode answer;
      try (InputStream body = http.send(builder.build(), where, redaction)) {
        answer = JSON.readTree(body);
      } catch (IOException e) {
        throw new TidemarkException(
            ErrorCode.SOURCE,
            where
                + ": not a Confluence answer: "
                + redaction.apply(String.valueOf(e.getMessage())));
      }
      if (answer == null || !answer.path("results").isArray()) {
        throw new TidemarkException(
            ErrorCode.SOURCE, where + ": not a Confluence answer: no results list");
      }
      String pageBase = answer.path("_links").path("base").asText(base.toString());
      for (JsonNode page : answer.path("results")) {
        // A page edited while the search is paged through can come twice: the first is kept.
        if (seen.add(page.path("id").asText())) {
          page(page, pageBase, properties, sink, where);
        }
      }
      JsonNode link = answer.path("_links").path("next");
      next = link.isTextual() && !link.asText().isEmpty() ? link.asText() : null;
    }
  }

  /**
   * The search of one load: the configured CQL, narrowed to the partition's span or to the pages
   * modified since the low bound, in a stable order so that paging neither skips nor repeats.
   */
  static String cql(LoadRequest request) {
    String cql = "(" + request.spec().text("cql").orElseThrow() + ")";
    if (request.partitioning().isPartitioned()) {
      String field = request.partitioning().column().equals("created") ? "created" : "lastmodified";
      cql +=
          " AND "
              + field
              + " >= \""
              + CQL_TIME.format(request.partition().start())
              + "\" AND "
              + field
              + " < \""
              + CQL_TIME.format(request.partition().end())
              + "\"";
    } else if (request.lowBound().isPresent()
        && request.lowBound().get() instanceof LocalDateTime since) {
      // CQL compares minutes: the bound is rounded down, so nothing at the mark is missed.
      cql += " AND lastmodified >= \"" + CQL_TIME.format(since) + "\"";
    }
    return cql + " ORDER BY created";
  }

  private void page(
      JsonNode page,
      String pageBase,
      Map<String, FieldType> properties,
      LoadSink sink,
      String where) {
    String title = page.path("title").asText();
    String url = pageBase + page.path("_links").path("webui").asText("");
    Object[] row = new Object[PAGE_COLUMNS.size() + properties.size()];
    row[0] = page.path("id").asText();
    row[1] = title;
    row[2] = url;
    row[3] = text(page.path("space").path("key")).orElse(null);
    JsonNode creator = page.path("history").path("createdBy");
    row[4] =
        text(creator.path("displayName"))
            .or(() -> text(creator.path("publicName")))
            .or(() -> text(creator.path("username")))
            .orElse(null);
    row[5] = time(page.path("history").path("createdDate"), where, title);
    row[6] = time(page.path("version").path("when"), where, title);
    row[7] =
        page.path("version").path("number").isNumber()
            ? page.path("version").path("number").asLong()
            : null;
    if (!properties.isEmpty()) {
      String storage = page.path("body").path("storage").path("value").asText("");
      Map<String, String> values =
          PageProperties.read(storage)
              .orElseThrow(
                  () ->
                      new TidemarkException(
                          ErrorCode.QUERY,
                          where
                              + ": page '"
                              + title
                              + "' ("
                              + url
                              + ") has no page-properties table; add one, or narrow the cql to"
                              + " the pages that have it"));
      int i = PAGE_COLUMNS.size();
      for (Map.Entry<String, FieldType> property : properties.entrySet()) {
        String value = values.get(property.getKey());
        try {
          row[i++] = value == null || value.isEmpty() ? null : property.getValue().convert(value);
        } catch (IllegalArgumentException e) {
          sink.quarantine(
              url, 0, "property " + property.getValue().name() + ": " + e.getMessage(), title);
          return;
        }
      }
    }
    sink.row(row);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  private static LocalDateTime time(JsonNode node, String where, String title) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asText())
          .withOffsetSameInstant(ZoneOffset.UTC)
          .toLocalDateTime();
    } catch (DateTimeParseException e) {
      throw new TidemarkException(
          ErrorCode.SOURCE,
          where + ": page '" + title + "' has a time that is not ISO-8601: " + node.asText());
    }
  }

  private static URI resolve(URI base, String link, String where) {
    if (link.startsWith("http://") || link.startsWith("https://")) {
      URI next = URI.create(link);
      if (!next.getHost().equalsIgnoreCase(base.getHost()) || next.getPort() != base.getPort()) {
        throw new TidemarkException(
            ErrorCode.SOURCE, where + ": the next page of results is on another host: " + link);
      }
      return next;
    }
    return URI.create(base + (link.startsWith("/") ? "" : "/") + link);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
