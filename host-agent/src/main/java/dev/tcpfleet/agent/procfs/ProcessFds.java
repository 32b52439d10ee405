package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Walks {@code /proc/PID/fd} of every process for socket file descriptors ({@code socket:[inode]} links).
 * Processes come and go during the walk: one that vanishes is skipped, one we may not read is counted.
 */
public final class ProcessFds {
    private static final String SOCKET_PREFIX = "socket:[";
    private static final int COMMAND_LINE_LIMIT = 512;

    private final Path root;

    public ProcessFds(ProcFs procFs) {
        this.root = procFs.root();
    }

    /** Called once per socket descriptor; a process holding the same socket twice is called twice. */
    @FunctionalInterface
    public interface SocketVisitor {
        void socket(int pid, long inode);
    }

    /** @return how many processes could not be read (permissions: the agent runs without root) */
    public int forEachSocket(SocketVisitor visitor) throws IOException {
        int denied = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(root, ProcessFds::isPid)) {
            for (Path process : processes) {
                int pid = Integer.parseInt(process.getFileName().toString());
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        long inode = socketInode(fd);
                        if (inode > 0) {
                            visitor.socket(pid, inode);
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // exited during the walk
                } catch (AccessDeniedException e) {
                    denied++;
                }
            }
        }
        return denied;
    }

    /** {@code /proc/PID/comm}, or "?" once the process is gone. */
    public String name(int pid) {
        try {
            return Files.readString(root.resolve(pid + "/comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code /proc/PID/cmdline} with its NUL separators as spaces, cut to a readable length. */
    public String commandLine(int pid) {
        try {
            byte[] raw = Files.readAllBytes(root.resolve(pid + "/cmdline"));
            int length = raw.length;
            while (length > 0 && raw[length - 1] == 0) {
                length--;
            }
            String line = new String(raw, 0, length, StandardCharsets.UTF_8).replace('\0', ' ');
            return line.length() > COMMAND_LINE_LIMIT ? line.substring(0, COMMAND_LINE_LIMIT) : line;
        } catch (IOException e) {
            return "";
        }
    }

    private static long socketInode(Path fd) {
        String target;
        try {
            target = Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return -1; // closed meanwhile
        }
        if (!target.startsWith(SOCKET_PREFIX) || !target.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(target, SOCKET_PREFIX.length(), target.length() - 1, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isPid(Path path) {
        String name = path.getFileName().toString();
        if (name.isEmpty() || name.length() > 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
