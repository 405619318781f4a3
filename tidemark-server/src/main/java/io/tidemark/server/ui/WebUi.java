package io.tidemark.server.ui;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The web UI: static HTML, CSS and ES modules from this jar's {@code /ui}, and the libraries it
 * uses from their WebJars under {@code /webjars}. Nothing is built at run time; the pages read the
 * API.
 */
public final class WebUi {
  private WebUi() {}

  public static void register(JavalinConfig config) {
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/";
          files.directory = "/ui";
          files.location = Location.CLASSPATH;
          // The pages change with the jar: a browser asks again rather than keep a stale module.
          files.headers = java.util.Map.of("Cache-Control", "no-cache");
        });
    config.staticFiles.enableWebjars();
  }
}
