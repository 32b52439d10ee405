package dev.tcpfleet.agent.procfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * Walks {@code /proc/PID/fd} of every process for socket file descriptors ({@code socket:[inode]} links).
 * Processes come and go during the walk: one that vanishes is skipped, one we may not read is counted.
 * Keeps what it read for the next walk, so use one instance per collector, one walk at a time.
 */
public final class ProcessFds {
    private static final String SOCKET_PREFIX = "socket:[";

    private static final long[] NONE = {};
    /** From {@link #socketInode}: the descriptor may not be read (another user's process, no CAP_SYS_PTRACE). */
    private static final long DENIED = -2;
    private static final int MAX_CACHED_FD = 1 << 16;

    private final Path root;
    /** Socket inode per descriptor number as last read, per process; 0 for not a socket or not read. */
    private Map<Integer, long[]> inodesByPid = new HashMap<>();

    public ProcessFds(ProcFs procFs) {
        this.root = procFs.root();
    }

    /** Called once per socket descriptor; a process holding the same socket twice is called twice. */
    @FunctionalInterface
    public interface SocketVisitor {
        void socket(int pid, long inode);
    }

    /**
     * Lists the socket descriptors of every process, without knowing the tcp tables yet, so that it can run
     * while they are parsed. A descriptor that pointed at a socket last time is not read again: the
     * kernel's readlink of a socket descriptor costs microseconds, a 100,000-socket host's walk half a
     * second. {@link Listing#visit} then re-reads those whose remembered socket has left the tables.
     * (A descriptor number reused for a new socket while the old one lives on through a dup or a fork child
     * is misread until the old socket closes: rare, and only in the attribution.)
     */
    public Listing list() throws IOException {
        Listing listing = new Listing();
        Map<Integer, long[]> seen = new HashMap<>(inodesByPid.size() * 2 + 16);
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(root, ProcessFds::isPid)) {
            for (Path process : processes) {
                int pid = Integer.parseInt(process.getFileName().toString());
                long[] known = inodesByPid.getOrDefault(pid, NONE);
                Path fdDir = process.resolve("fd");
                // names only: a Path per descriptor is built just for those that need a readlink
                String[] fds = fdDir.toFile().list();
                if (fds == null) {
                    listing.denied += Files.isDirectory(fdDir) ? 1 : 0; // unreadable, or gone meanwhile
                    continue;
                }
                for (String name : fds) {
                    int fd = fdNumber(name);
                    if (fd >= 0 && fd < known.length && known[fd] > 0) {
                        listing.add(pid, fd, known[fd], true);
                        continue;
                    }
                    long inode = socketInode(fdDir.resolve(name));
                    if (inode == DENIED) {
                        listing.denied++; // its folder was listable (CAP_DAC_READ_SEARCH) but not its links
                        break;
                    }
                    if (inode > 0) {
                        listing.add(pid, fd, inode, false);
                    }
                    known = remember(known, fd, Math.max(inode, 0));
                }
                if (known.length > 0) {
                    seen.put(pid, known);
                }
            }
        }
        inodesByPid = seen;
        return listing;
    }

    /** Socket descriptors found by {@link #list()}, as parallel primitive arrays. */
    public final class Listing {
        private int size;
        private int[] pids = new int[1024];
        private int[] fds = new int[1024];
        private long[] inodes = new long[1024]; // negative: remembered from an earlier walk, not read now
        private int denied;

        private void add(int pid, int fd, long inode, boolean remembered) {
            if (size == pids.length) {
                pids = Arrays.copyOf(pids, size * 2);
                fds = Arrays.copyOf(fds, size * 2);
                inodes = Arrays.copyOf(inodes, size * 2);
            }
            pids[size] = pid;
            fds[size] = fd;
            inodes[size] = remembered ? -inode : inode;
            size++;
        }

        /**
         * Processes that could not be read: another user's {@code fd} folder needs CAP_DAC_READ_SEARCH to list, its
         * links CAP_SYS_PTRACE to read.
         */
        public int denied() {
            return denied;
        }

        /**
         * Calls {@code visitor} once per socket descriptor, in process order; a remembered socket that
         * {@code stillOpen} no longer knows is read again first.
         */
        public void visit(LongPredicate stillOpen, SocketVisitor visitor) {
            for (int i = 0; i < size; i++) {
                long inode = inodes[i];
                if (inode < 0) {
                    inode = stillOpen.test(-inode) ? -inode : socketInode(root.resolve(pids[i] + "/fd/" + fds[i]));
                }
                if (inode > 0 && stillOpen.test(inode)) {
                    visitor.socket(pids[i], inode);
                    remember(pids[i], fds[i], inode);
                } else {
                    // not TCP here (a unix socket, another namespace's): read afresh by the next walk, in parallel
                    remember(pids[i], fds[i], 0);
                }
            }
        }

        private void remember(int pid, int fd, long inode) {
            long[] known = inodesByPid.get(pid);
            if (known != null && fd >= 0 && fd < known.length) {
                known[fd] = inode;
            }
        }
    }

    /** The names ({@code comm}) of every process running now. */
    public Set<String> processNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(root, ProcessFds::isPid)) {
            for (Path process : processes) {
                names.add(name(Integer.parseInt(process.getFileName().toString())));
            }
        }
        names.remove("?"); // exited during the walk
        return names;
    }

    /** {@code /proc/PID/comm}, or "?" once the process is gone. */
    public String name(int pid) {
        try {
            return new String(Files.readAllBytes(root.resolve(pid + "/comm")), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * {@code /proc/PID/cmdline} split at its NULs: the arguments as the process holds them now (a process that
     * rewrote its title has one argument with spaces). Empty for a kernel thread or a process gone.
     */
    public List<String> arguments(int pid) {
        try {
            byte[] raw = Files.readAllBytes(root.resolve(pid + "/cmdline"));
            int length = raw.length;
            while (length > 0 && raw[length - 1] == 0) {
                length--;
            }
            return length == 0 ? List.of() : List.of(new String(raw, 0, length, StandardCharsets.UTF_8).split("\0", -1));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long[] remember(long[] known, int fd, long inode) {
        if (fd < 0 || fd >= MAX_CACHED_FD || (inode == 0 && fd >= known.length)) {
            return known;
        }
        long[] table = fd < known.length ? known
                : Arrays.copyOf(known, Math.min(MAX_CACHED_FD, Math.max(fd + 1, known.length * 2)));
        table[fd] = inode;
        return table;
    }

    private static int fdNumber(String name) {
        int value = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || value > MAX_CACHED_FD) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long socketInode(Path fd) {
        String target;
        try {
            target = Files.readSymbolicLink(fd).toString();
        } catch (AccessDeniedException e) {
            return DENIED;
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
        if (name.isEmpty() || name.length() > 7) { // pid_max is at most 4194304
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
