package dev.slipway.plan;

import dev.slipway.config.Located;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data ko's templates read ({@code {{.Env.X}}}, {@code {{.GoEnv.X}}}, {@code {{.Git.X}}},
 * {@code {{.Date}}}, {@code {{.Timestamp}}}), made as ko makes it. go and git run only when a
 * template asks for what they know, once each.
 */
public final class KoTemplateData {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
  private final Map<String, String> environment;
  private final Path workDir;
  private final ZonedDateTime date;
  private Map<String, Object> goEnv;
  private final Map<Path, Map<String, Object>> git = new HashMap<>();

  private KoTemplateData(Map<String, String> environment, Path workDir, ZonedDateTime date) {
    this.environment = Map.copyOf(environment);
    this.workDir = workDir;
    this.date = date;
  }

  /**
   * The date is {@code SOURCE_DATE_EPOCH} if set, else now (as ko's), in the zone of {@code TZ} or
   * the system's, as Go's local time is.
   */
  public static KoTemplateData of(Map<String, String> environment, Path workDir)
      throws UsageException {
    Instant when =
        environment.containsKey("SOURCE_DATE_EPOCH")
            ? RequestChecks.created(environment)
            : Instant.now();
    return new KoTemplateData(environment, workDir, when.atZone(zone(environment)));
  }

  private static ZoneId zone(Map<String, String> environment) {
    String tz = environment.get("TZ");
    if (tz != null) {
      try {
        return tz.isEmpty() ? ZoneId.of("UTC") : ZoneId.of(tz.replaceFirst("^:", ""));
      } catch (DateTimeException e) {
        // Go falls back to UTC for a TZ it cannot load.
        return ZoneId.of("UTC");
      }
    }
    return ZoneId.systemDefault();
  }

  /** The data for a build that runs in {@code dir} with {@code buildEnv} over the user's. */
  ForDir forDir(Path dir, Map<String, String> buildEnv) {
    return new ForDir(dir, buildEnv);
  }

  /** Renders templates for one build. */
  final class ForDir {
    private final Path dir;
    private final Map<String, String> env;

    private ForDir(Path dir, Map<String, String> buildEnv) {
      this.dir = dir;
      // As ko: LDFLAGS is always there, then go build's defaults, the user's, the build's.
      Map<String, String> e = new LinkedHashMap<>();
      e.put("LDFLAGS", "");
      e.put("CGO_ENABLED", "0");
      e.putAll(environment);
      e.putAll(buildEnv);
      this.env = e;
    }

    List<Located<String>> render(List<Located<String>> entries) throws UsageException, IOException {
      List<Located<String>> out = new ArrayList<>();
      for (Located<String> entry : entries) {
        KoTemplate t = KoTemplate.parse(entry.where().toString(), entry.value());
        if (t.isPlain()) {
          out.add(entry);
          continue;
        }
        Map<String, Object> data = new HashMap<>();
        data.put("Env", env);
        data.put("Date", RFC3339.format(date));
        data.put("Timestamp", date.toEpochSecond());
        if (t.roots().contains("Git")) {
          data.put("Git", git(dir));
        }
        if (t.roots().contains("GoEnv")) {
          data.put("GoEnv", goEnv());
        }
        out.add(new Located<>(t.render(data), entry.where()));
      }
      return out;
    }
  }

  private Map<String, Object> git(Path dir) throws IOException {
    Map<String, Object> info = git.get(dir);
    if (info == null) {
      info = KoGitInfo.read(dir, environment).templateValue();
      git.put(dir, info);
    }
    return info;
  }

  private Map<String, Object> goEnv() throws UsageException, IOException {
    if (goEnv == null) {
      goEnv = Map.copyOf(GoEnv.readAll(workDir, environment).all());
    }
    return goEnv;
  }
}
