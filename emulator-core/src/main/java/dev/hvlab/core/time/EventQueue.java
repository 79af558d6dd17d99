package dev.hvlab.core.time;

import java.util.Arrays;

/**
 * The machine's one queue of future events in simulated time (picoseconds). Events due at the same
 * time run in the order they were scheduled, so a run with the same inputs always unfolds the same
 * way. A binary heap of the events themselves: rescheduling or cancelling is O(log n) and allocates
 * nothing.
 */
public final class EventQueue {
    /** Picoseconds per second: simulated time's unit. */
    public static final long PS_PER_SECOND = 1_000_000_000_000L;

    private Event[] heap = new Event[16];
    private int size;
    private long nextSequence;
    private long now;

    /** The current simulated time in picoseconds. */
    public long now() {
        return now;
    }

    /** Schedules (or reschedules) {@code e} at absolute time {@code time}, not before now. */
    public void schedule(Event e, long time) {
        if (e.isScheduled()) {
            remove(e);
        }
        e.time = Math.max(time, now);
        e.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = e;
        e.heapIndex = size;
        size++;
        siftUp(e.heapIndex);
    }

    public void cancel(Event e) {
        if (e.isScheduled()) {
            remove(e);
        }
    }

    /** The time of the earliest event, or {@link Long#MAX_VALUE} when none is scheduled. */
    public long nextTime() {
        return size == 0 ? Long.MAX_VALUE : heap[0].time;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Advances time to {@code time}, running every event due up to and including it, in order.
     * Time never goes backwards.
     */
    public void advanceTo(long time) {
        while (size > 0 && heap[0].time <= time) {
            Event e = heap[0];
            remove(e);
            now = Math.max(now, e.time);
            e.action.run();
        }
        now = Math.max(now, time);
    }

    private void remove(Event e) {
        int i = e.heapIndex;
        size--;
        Event last = heap[size];
        heap[size] = null;
        e.heapIndex = -1;
        if (i != size) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
    }

    private static boolean before(Event a, Event b) {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }

    private void siftUp(int i) {
        Event e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!before(e, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = e;
        e.heapIndex = i;
    }

    private void siftDown(int i) {
        Event e = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], e)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = e;
        e.heapIndex = i;
    }
}
