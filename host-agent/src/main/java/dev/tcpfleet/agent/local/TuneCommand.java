package dev.tcpfleet.agent.local;

import dev.tcpfleet.agent.procfs.ProcFs;
import dev.tcpfleet.agent.tuning.ProcSysStore;
import dev.tcpfleet.agent.tuning.SysctlFiles;
import dev.tcpfleet.agent.tuning.TuningEngine;
import dev.tcpfleet.agent.tuning.TuningJournal;
import dev.tcpfleet.domain.profiles.BuiltInProfiles;
import dev.tcpfleet.domain.profiles.SysctlProfile;
import dev.tcpfleet.protocol.KeyChange;
import dev.tcpfleet.protocol.ProtocolJson;
import dev.tcpfleet.protocol.TuningResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code host-agent tune}: the tuning engine on this host alone, for an operator without a control plane and
 * for tests on real kernels. Same validation, backup, verification, persistence and rollback as a command
 * from the control plane. Exit codes: 0 applied / unchanged / planned / reverted, 1 otherwise, 2 bad arguments.
 */
final class TuneCommand {
    static final String USAGE = """
                   host-agent tune profiles                 the built-in profiles and their settings
                   host-agent tune apply (--builtin NAME | --file F) [--dry-run] [--id ID] [--json]
                                                  F holds sysctl.conf lines (key = value)
                   host-agent tune rollback [--of ID] [--id ID] [--json]
                                                  restore what apply ID (default: the last) changed
                   tune options: --state-dir D (default /var/lib/tcpfleet-agent, keeps the backups)
                                 --files-root R (default /: R/etc/sysctl.d; another root only for tests)
            """;

    private TuneCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        String action = args.length > 1 ? args[1] : "";
        try {
            for (int i = 2; i < args.length; i++) {
                String name = args[i];
                switch (name) {
                    case "--dry-run", "--json" -> options.put(name, "true");
                    case "--builtin", "--file", "--id", "--of", "--state-dir", "--files-root" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        options.put(name, args[++i]);
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + name + "' for tune " + action);
                }
            }
            return switch (action) {
                case "profiles" -> profiles(out);
                case "apply" -> report(apply(options), options, out);
                case "rollback" -> report(engine(options).rollback(
                        options.getOrDefault("--id", "rollback-" + UUID.randomUUID()), options.get("--of")),
                        options, out);
                default -> throw new IllegalArgumentException("tune needs profiles, apply or rollback");
            };
        } catch (IllegalArgumentException e) {
            err.println("host-agent: " + e.getMessage());
            err.print(LocalCommand.USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("host-agent: tune " + action + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static TuningResult apply(Map<String, String> options) {
        SysctlProfile profile;
        if (options.containsKey("--builtin") == options.containsKey("--file")) {
            throw new IllegalArgumentException("tune apply needs exactly one of --builtin NAME and --file F");
        }
        if (options.containsKey("--builtin")) {
            String name = options.get("--builtin");
            profile = BuiltInProfiles.all().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no built-in profile '" + name
                            + "'; see: host-agent tune profiles"));
        } else {
            Path file = Path.of(options.get("--file"));
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
            profile = profileFromFile(file);
        }
        String id = options.getOrDefault("--id", "apply-" + UUID.randomUUID());
        return engine(options).apply(id, profile.name(), profile.settings(), options.containsKey("--dry-run"));
    }

    private static SysctlProfile profileFromFile(Path file) {
        try {
            String name = file.getFileName().toString().replaceFirst("\\.conf$", "").toLowerCase()
                    .replaceAll("[^a-z0-9._-]", "-");
            return new SysctlProfile(name.isEmpty() ? "file" : name, 1, "from " + file, SysctlFiles.parse(
                    Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static TuningEngine engine(Map<String, String> options) {
        Path filesRoot = Path.of(options.getOrDefault("--files-root", "/"));
        Path stateDir = Path.of(options.getOrDefault("--state-dir", "/var/lib/tcpfleet-agent"));
        ProcFs procFs = new ProcFs(Path.of("/proc"));
        return new TuningEngine(procFs.kernelHostname().orElse("localhost"), new ProcSysStore(Path.of("/proc/sys")),
                new TuningJournal(stateDir.resolve("tuning")), new SysctlFiles(filesRoot), procFs, Clock.systemUTC());
    }


    private static int profiles(PrintStream out) {
        for (SysctlProfile profile : BuiltInProfiles.all()) {
            out.println(profile.name() + " (version " + profile.version() + "): " + profile.description());
            profile.settings().forEach((key, value) -> out.println("  " + key + " = " + value));
        }
        return 0;
    }

    private static int report(TuningResult result, Map<String, String> options, PrintStream out) {
        if (options.containsKey("--json")) {
            out.println(new String(ProtocolJson.write(result), StandardCharsets.UTF_8));
        } else {
            out.println(result.outcome() + " (command " + result.commandId() + ")"
                    + Optional.ofNullable(result.failedKey()).map(k -> ", failed at " + k).orElse(""));
            for (KeyChange change : result.changes()) {
                out.println("  " + change.key() + ": " + change.before() + " -> " + change.desired()
                        + (change.after() == null || change.after().equals(change.desired()) ? "" : " (now " + change.after() + ")"));
            }
            result.reasons().forEach(reason -> out.println("  reason: " + reason));
            result.warnings().forEach(warning -> out.println("  warning: " + warning));
        }
        return switch (result.outcome()) {
            case APPLIED, UNCHANGED, PLANNED, REVERTED -> 0;
            default -> 1;
        };
    }
}
