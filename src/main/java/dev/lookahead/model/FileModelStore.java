package dev.lookahead.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link ModelStore} in a directory: {@code <dir>/<group>/<version>.avro}, one Avro data file per version
 * ({@link ModelSnapshots#write}), all versions kept (an audit trail; delete old ones by hand). A version is written
 * to a temporary file and moved into place, so a reader never sees half a snapshot. Safe for one writer per group;
 * readers may be concurrent.
 */
public final class FileModelStore implements ModelStore {

    private static final Pattern FILE = Pattern.compile("(\\d{1,19})\\.avro");

    private final Path dir;

    public FileModelStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public synchronized void put(LstmModel model) {
        List<Long> existing = versions(model.group());
        if (!existing.isEmpty() && existing.get(existing.size() - 1) >= model.version())
            throw new IllegalStateException("model store " + dir + " already has " + model.group() + ":"
                    + existing.get(existing.size() - 1) + "; cannot put " + model.versionId() + " (versions only go up)");
        Path groupDir = dir.resolve(model.group());
        Path target = groupDir.resolve(model.version() + ".avro");
        Path tmp = groupDir.resolve("." + model.version() + ".avro.tmp");
        ModelSnapshots.write(model, tmp);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<LstmModel> latest(String group) {
        List<Long> v = versions(group);
        return v.isEmpty() ? Optional.empty() : Optional.of(read(group, v.get(v.size() - 1)));
    }

    /** The group's stored versions, ascending. */
    public List<Long> versions(String group) {
        Path groupDir = dir.resolve(group);
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(groupDir)) return out;
        try (Stream<Path> files = Files.list(groupDir)) {
            files.forEach(f -> {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) out.add(Long.parseLong(m.group(1)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model store " + groupDir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** One stored version; fails naming the file when it is missing or is not a snapshot of that group and version. */
    public LstmModel read(String group, long version) {
        Path f = dir.resolve(group).resolve(version + ".avro");
        LstmModel m = ModelSnapshots.read(f);
        if (!m.group().equals(group) || m.version() != version)
            throw new IllegalStateException("model store file " + f + " holds " + m.versionId() + ", not " + group + ":" + version);
        return m;
    }
}
