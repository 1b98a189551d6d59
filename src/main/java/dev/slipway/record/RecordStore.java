package dev.slipway.record;

import dev.slipway.core.AtomicFiles;
import dev.slipway.core.UsageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The history of build records: one JSON file per build under {@code <cache>/records}, named by a
 * sortable id, newest kept up to a bound. Writes are atomic, so a reader never sees half a record,
 * and an unreadable record (another format, a damaged file) is skipped rather than fatal.
 */
public final class RecordStore {
  /** How many records are kept unless the caller says otherwise. */
  public static final int DEFAULT_KEEP = 50;

  private final Path dir;
  private final int keep;

  public RecordStore(Path cacheDir) {
    this(cacheDir, DEFAULT_KEEP);
  }

  public RecordStore(Path cacheDir, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1: " + keep);
    }
    this.dir = cacheDir.resolve("records");
    this.keep = keep;
  }

  /** A new id for a build started at {@code startedAtMs}: later builds sort later. */
  public static String newId(long startedAtMs) {
    // By hand: a formatter costs a no-op build more than the rest of its record.
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(startedAtMs, 1000L),
            (int) Math.floorMod(startedAtMs, 1000L) * 1_000_000,
            ZoneOffset.UTC);
    StringBuilder id = new StringBuilder(26);
    pad(id, t.getYear(), 4);
    pad(id, t.getMonthValue(), 2);
    pad(id, t.getDayOfMonth(), 2);
    id.append('-');
    pad(id, t.getHour(), 2);
    pad(id, t.getMinute(), 2);
    pad(id, t.getSecond(), 2);
    id.append('-');
    pad(id, t.getNano() / 1_000_000, 3);
    id.append('-');
    String random = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    id.append("0".repeat(4 - random.length())).append(random);
    return id.toString();
  }

  private static void pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    out.append("0".repeat(Math.max(0, width - digits.length()))).append(digits);
  }

  /** Saves {@code record}, then drops the oldest records beyond the bound. */
  public void save(BuildRecord record) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(record.id() + ".json"), RecordJson.toJson(record));
    List<String> ids = ids();
    for (int i = keep; i < ids.size(); i++) {
      Files.deleteIfExists(dir.resolve(ids.get(i) + ".json"));
    }
  }

  /** Record ids, newest first. */
  public List<String> ids() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".json")) { // not a glob: that would compile a regex on the no-op path
          ids.add(name.substring(0, name.length() - ".json".length()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    ids.sort(Comparator.reverseOrder());
    return ids;
  }

  /** The record with this id, if it exists and can be read. */
  public Optional<BuildRecord> load(String id) throws IOException {
    try {
      return Optional.of(RecordJson.parse(Files.readAllBytes(dir.resolve(id + ".json"))));
    } catch (IOException e) {
      return Optional.empty(); // gone, of another format, or damaged: history is best effort
    }
  }

  /**
   * The record a user names: an id, a unique prefix of one, or {@code -N} for the N-th newest
   * ({@code -1} is the latest). Empty {@code name} means the latest.
   */
  public BuildRecord find(String name) throws UsageException, IOException {
    List<String> ids = ids();
    if (ids.isEmpty()) {
      throw new UsageException("no build records in " + dir + ": run slipway build first");
    }
    String id;
    if (name.isEmpty()) {
      id = ids.get(0);
    } else if (name.matches("-[0-9]+")) {
      int n = Integer.parseInt(name.substring(1));
      if (n < 1 || n > ids.size()) {
        throw new UsageException(name + ": there are " + ids.size() + " build records");
      }
      id = ids.get(n - 1);
    } else {
      List<String> matches = ids.stream().filter(i -> i.startsWith(name)).toList();
      if (matches.size() != 1) {
        throw new UsageException(
            name
                + (matches.isEmpty() ? ": no such build record" : ": ambiguous, matches " + matches)
                + " (see "
                + dir
                + ")");
      }
      id = matches.get(0);
    }
    return load(id).orElseThrow(() -> new UsageException(id + ": unreadable build record"));
  }

  /** Readable records, newest first, at most {@code limit}. */
  public List<BuildRecord> recent(int limit) throws IOException {
    List<BuildRecord> out = new ArrayList<>();
    for (String id : ids()) {
      if (out.size() >= limit) {
        break;
      }
      load(id).ifPresent(out::add);
    }
    return out;
  }

  /** A unit of an earlier build, and the targets it is the newest build of. */
  public record Prior(BuildRecord record, BuildRecord.Unit unit, List<String> targets) {
    public Prior {
      targets = List.copyOf(targets);
    }
  }

  /**
   * For each of {@code units} (by key), the earlier units it is compared with: for each of its
   * targets, the newest record older than {@code beforeId} whose go build on the same platform
   * included that target, whatever else it built and however it ended. Newest first; a unit no
   * earlier build shares a target with is left out. Reads each record at most once, newest first,
   * and stops when every target is found.
   */
  public Map<String, List<Prior>> priors(Collection<BuildRecord.Unit> units, String beforeId)
      throws IOException {
    Map<String, List<BuildRecord.Unit>> wanted = new HashMap<>(); // "platform target" -> units
    for (BuildRecord.Unit u : units) {
      for (String target : u.targets()) {
        wanted.computeIfAbsent(u.platform() + " " + target, k -> new ArrayList<>()).add(u);
      }
    }
    Map<String, List<Prior>> out = new HashMap<>();
    for (String id : ids()) {
      if (wanted.isEmpty()) {
        break;
      }
      if (id.compareTo(beforeId) >= 0) {
        continue;
      }
      Optional<BuildRecord> r = load(id);
      if (r.isEmpty()) {
        continue;
      }
      for (BuildRecord.Unit old : r.get().units()) {
        Map<String, List<String>> found = new LinkedHashMap<>(); // current key -> targets
        for (String target : old.targets()) {
          List<BuildRecord.Unit> now = wanted.remove(old.platform() + " " + target);
          if (now != null) {
            now.forEach(u -> found.computeIfAbsent(u.key(), k -> new ArrayList<>()).add(target));
          }
        }
        found.forEach(
            (key, targets) ->
                out.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Prior(r.get(), old, targets)));
      }
    }
    return out;
  }

  public Path dir() {
    return dir;
  }
}
