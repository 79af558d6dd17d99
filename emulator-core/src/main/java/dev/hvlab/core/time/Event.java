package dev.hvlab.core.time;

/**
 * Something that happens at a point of simulated time: a timer firing, a UART finishing a byte.
 * Devices own their events and reschedule them, so scheduling allocates nothing.
 */
public final class Event {
    final Runnable action;
    final String name;
    long time;
    long sequence;
    int heapIndex = -1;

    public Event(String name, Runnable action) {
        this.name = name;
        this.action = action;
    }

    public String name() {
        return name;
    }

    /** The simulated time (picoseconds) it is scheduled for; meaningful only while {@link #isScheduled()}. */
    public long time() {
        return time;
    }

    public boolean isScheduled() {
        return heapIndex >= 0;
    }
}
