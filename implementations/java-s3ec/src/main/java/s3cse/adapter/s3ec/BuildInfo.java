package s3cse.adapter.s3ec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What Maven wrote into s3cse-adapter.properties: the S3EC version this build links against. */
final class BuildInfo {
  private BuildInfo() {}

  static String s3ecVersion() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/s3cse-adapter.properties")) {
      if (in == null) throw new IllegalStateException("s3cse-adapter.properties missing from the classpath");
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("s3ec.version");
  }
}
