package io.tidemark.connectors;

import io.tidemark.connectors.confluence.ConfluenceLoader;
import io.tidemark.connectors.files.FilesLoader;
import io.tidemark.connectors.http.HttpSource;
import io.tidemark.connectors.jdbc.JdbcLoader;
import io.tidemark.connectors.prometheus.PrometheusLoader;
import io.tidemark.core.load.SourceLoaders;
import io.tidemark.core.secret.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The source loaders this module provides, wired with what they need. */
public final class Connectors {
  private Connectors() {}

  /**
   * @param projectRoot what relative file paths of loads are resolved against
   * @param clock what an HTTP date in a server's {@code Retry-After} is measured against
   */
  public static SourceLoaders loaders(Secrets secrets, Path projectRoot, Clock clock) {
    HttpSource http = new HttpSource(HttpSource.SLEEP, clock);
    return new SourceLoaders(
        List.of(
            new JdbcLoader(secrets),
            new FilesLoader(projectRoot),
            new PrometheusLoader(secrets, http),
            new ConfluenceLoader(secrets, http)));
  }
}
