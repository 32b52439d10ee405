package dev.tcpfleet.testing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixture's cleanup that runs once: when the fixture closes, or from a shutdown hook if the JVM exits first, so a
 * failing or killed test run leaves nothing behind (a namespace, a postmaster).
 */
public final class ExitCleanup {
    private final Runnable cleanup;
    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread hook;

    /** Registers {@code cleanup} to run at exit from now on. */
    public ExitCleanup(String name, Runnable cleanup) {
        this.cleanup = cleanup;
        this.hook = new Thread(this::runOnce, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs the cleanup now unless it already ran; the JVM's exit then has nothing left to do. */
    public void run() {
        runOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private void runOnce() {
        if (done.compareAndSet(false, true)) {
            cleanup.run();
        }
    }
}
