package dev.tcpfleet.agent.snapshot;

import java.util.Arrays;

/**
 * Socket inode → a small int tag, as an open-addressing table of primitives: at 100,000 sockets a
 * {@code HashMap<Long, Integer>} would box two objects per socket on every collection.
 */
final class InodeTags {
    private static final long EMPTY = 0; // inode 0 is never a socket held by a file descriptor

    private long[] keys = new long[1024];
    private int[] values = new int[1024];
    private int size;

    void clear() {
        if (keys.length > 1 << 20 && size < keys.length / 16) {
            // a past peak should not pin megabytes for ever
            keys = new long[1024];
            values = new int[1024];
        } else {
            Arrays.fill(keys, EMPTY);
        }
        size = 0;
    }

    void put(long inode, int tag) {
        if (inode == EMPTY) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(inode, keys.length);
        while (keys[slot] != EMPTY && keys[slot] != inode) {
            slot = (slot + 1) & (keys.length - 1);
        }
        if (keys[slot] == EMPTY) {
            size++;
        }
        keys[slot] = inode;
        values[slot] = tag;
    }

    /** The tag, or -1 for an inode that is not in the table. */
    int get(long inode) {
        if (inode == EMPTY) {
            return -1;
        }
        int slot = slot(inode, keys.length);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == inode) {
                return values[slot];
            }
            slot = (slot + 1) & (keys.length - 1);
        }
        return -1;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long inode, int capacity) {
        long h = inode * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (capacity - 1);
    }
}
