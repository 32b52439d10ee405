package dev.tcpfleet.agent.tuning;

import dev.tcpfleet.agent.procfs.SysctlReader;
import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Sysctls through /proc/sys, as sysctl(8) does it, but never through a shell. */
public final class ProcSysStore implements SysctlStore {
    private final Path root;

    /** @param root normally {@code /proc/sys}; another folder only in tests */
    public ProcSysStore(Path root) {
        this.root = root;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public String read(String key) throws IOException {
        // one large read: numeric /proc/sys handlers return end-of-file at a non-zero offset
        try (InputStream in = Files.newInputStream(path(key))) {
            return SysctlReader.normalise(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void write(String key, String value) throws IOException {
        // one write of the whole value: the kernel parses each write() on its own
        try (OutputStream out = Files.newOutputStream(path(key), StandardOpenOption.WRITE)) {
            out.write((value + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (AccessDeniedException e) {
            // a non-root agent writes net.* sysctls with CAP_NET_ADMIN; a container's /proc/sys is read-only anyway
            throw new AccessDeniedException(e.getFile(), null,
                    "permission denied: the agent needs CAP_NET_ADMIN (and a writable /proc/sys) to write it");
        }
    }

    private Path path(String key) {
        return root.resolve(SysctlCatalogue.procSysPath(key));
    }
}
