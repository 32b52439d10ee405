package dev.tcpfleet.agent.tuning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The boot-time side of tuning: tcpfleet's own file in {@code /etc/sysctl.d}, replaced whole and atomically
 * (never an append to /etc/sysctl.conf, where the old script piled up duplicate blocks), and the other files
 * that the boot reads after it and would quietly undo it.
 */
public final class SysctlFiles {
    static final String FILE_NAME = "95-tcpfleet.conf";
    // systemd-sysctl's search path; a file name in an earlier folder hides the same name in later ones
    private static final List<String> FOLDERS = List.of("etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d",
            "usr/lib/sysctl.d", "lib/sysctl.d");
    private static final String HEADER = "# Written by the tcpfleet host agent; replaced on every apply and rollback.\n"
            + "# Edits here are lost: change the profile in tcpfleet instead.\n";

    private final Path root;

    /** @param root normally {@code /}; another folder only in tests */
    public SysctlFiles(Path root) {
        this.root = root;
    }

    public Path ownFile() {
        return root.resolve(FOLDERS.get(0)).resolve(FILE_NAME);
    }

    /** Adds or replaces these keys in tcpfleet's file. */
    public void persist(Map<String, String> settings) throws IOException {
        Map<String, String> merged = new TreeMap<>(read(ownFile()));
        merged.putAll(settings);
        writeOwn(merged);
    }

    /** These keys' values in tcpfleet's file now; a key it does not set is absent. */
    public Map<String, String> persisted(Collection<String> keys) throws IOException {
        Map<String, String> values = new TreeMap<>(read(ownFile()));
        values.keySet().retainAll(keys);
        return values;
    }

    /**
     * Puts these keys back as {@code previous} had them: its value where it has one, removed where it has
     * none; the file goes once it holds nothing.
     */
    public void restore(Collection<String> keys, Map<String, String> previous) throws IOException {
        Map<String, String> settings = new TreeMap<>(read(ownFile()));
        for (String key : keys) {
            if (previous.containsKey(key)) {
                settings.put(key, previous.get(key));
            } else {
                settings.remove(key);
            }
        }
        if (settings.isEmpty()) {
            Files.deleteIfExists(ownFile());
        } else {
            writeOwn(settings);
        }
    }

    /** One line per file read after tcpfleet's at boot that sets any of these keys. */
    public List<String> overriding(Set<String> keys) throws IOException {
        List<String> warnings = new ArrayList<>();
        Map<String, Path> byName = new TreeMap<>();
        for (String folder : FOLDERS) {
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".conf"))
                        .forEach(f -> byName.putIfAbsent(f.getFileName().toString(), f));
            }
        }
        for (Map.Entry<String, Path> file : byName.entrySet()) {
            if (file.getKey().compareTo(FILE_NAME) > 0) {
                warnIfSets(file.getValue(), keys, warnings);
            }
        }
        Path sysctlConf = root.resolve("etc/sysctl.conf");
        if (byName.values().stream().noneMatch(f -> isSameFile(f, sysctlConf))) {
            warnIfSets(sysctlConf, keys, warnings); // procps reads it after sysctl.d
        }
        return warnings;
    }

    private static void warnIfSets(Path file, Set<String> keys, List<String> warnings) throws IOException {
        for (String key : read(file).keySet()) {
            if (keys.contains(key)) {
                warnings.add(file + " sets " + key + " and is read after tcpfleet's file at boot: it would override it");
            }
        }
    }

    private void writeOwn(Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        settings.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        try {
            AtomicFiles.write(ownFile(), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (AccessDeniedException e) {
            // no capability is needed here, only the folder's write permission (see README, least privilege)
            throw new AccessDeniedException(e.getFile(), null, "permission denied: the agent's user needs write access"
                    + " to " + ownFile().getParent());
        }
    }

    static Map<String, String> read(Path file) throws IOException {
        return Files.isReadable(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : new TreeMap<>();
    }

    /** sysctl.d syntax: {@code key = value}, '#' and ';' comments, a leading '-' to ignore errors. */
    public static Map<String, String> parse(String content) {
        Map<String, String> settings = new TreeMap<>();
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";") || equals < 0) {
                continue;
            }
            String key = trimmed.substring(trimmed.startsWith("-") ? 1 : 0, equals).strip().replace('/', '.');
            settings.put(key, trimmed.substring(equals + 1).strip());
        }
        return settings;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
