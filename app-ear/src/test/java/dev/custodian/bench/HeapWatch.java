package dev.custodian.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Samples the service's used heap (jcmd GC.heap_info) every 250 ms until stopped; keeps the largest. */
final class HeapWatch extends Thread {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final AtomicLong peak = new AtomicLong();

    private HeapWatch(long pid) {
        this.pid = pid;
        setDaemon(true);
    }

    /** Collects the garbage first, so the peak is the run's own, then starts watching. */
    static HeapWatch afterGc(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").start().waitFor();
        HeapWatch watch = new HeapWatch(pid);
        watch.start();
        return watch;
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            try {
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
                String out = new String(jcmd.getInputStream().readAllBytes());
                jcmd.waitFor();
                long total = 0;
                for (String line : out.split("\n")) {
                    Matcher used = USED.matcher(line);
                    if (line.contains("generation") && used.find()) { // young and old, not metaspace
                        total += Long.parseLong(used.group(1)) * 1024;
                    }
                }
                peak.accumulateAndGet(total, Math::max);
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    void finish() throws InterruptedException {
        interrupt();
        join();
    }

    long peak() {
        return peak.get();
    }
}
