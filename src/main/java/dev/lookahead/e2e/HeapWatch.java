package dev.lookahead.e2e;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The heap used right after each full collection of this JVM (the harness's: the broker, the local Flink and so the
 * job's state all live here), from the collectors' GC notifications. G1 seldom collects fully on its own, so the
 * harness also asks for one ({@link #fullGc()}, System.gc()) on a schedule: each is a full, stop-the-world collection,
 * and what survives it is the live heap.
 */
final class HeapWatch implements AutoCloseable {

    private final long startNanos = System.nanoTime();
    private final List<HeapTrend.Sample> samples = new ArrayList<>();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;

    HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (!"end of major GC".equals(info.getGcAction())) return;   // a full collection (G1: "G1 Old Generation")
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet())
            if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
        synchronized (samples) {
            samples.add(new HeapTrend.Sample((System.nanoTime() - startNanos) / 1e9, used, info.getGcCause()));
        }
    }

    /** A full collection now (its sample arrives through the notification). */
    void fullGc() {
        System.gc();
    }

    /** Seconds since this watch started (the samples' clock). */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    List<HeapTrend.Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
