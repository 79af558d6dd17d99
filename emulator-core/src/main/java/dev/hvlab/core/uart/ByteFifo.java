package dev.hvlab.core.uart;

/** A fixed-capacity FIFO of 16-bit words (a UART data word plus its status flags); allocates nothing after construction. */
final class ByteFifo {
    private final int[] slots;
    private int head;
    private int count;
    private int capacity;

    ByteFifo(int maxCapacity) {
        slots = new int[maxCapacity];
        capacity = maxCapacity;
    }

    /** Limits the usable depth (a UART with its FIFO disabled holds one word); keeps the oldest words that fit. */
    void setCapacity(int c) {
        capacity = c;
        if (count > c) {
            count = c;
        }
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    boolean isFull() {
        return count >= capacity;
    }

    /** Appends {@code v}; returns false (and keeps nothing) when full. */
    boolean push(int v) {
        if (isFull()) {
            return false;
        }
        slots[(head + count) % slots.length] = v;
        count++;
        return true;
    }

    /** Removes and returns the oldest word; the FIFO must not be empty. */
    int pop() {
        int v = slots[head];
        head = (head + 1) % slots.length;
        count--;
        return v;
    }

    void clear() {
        head = 0;
        count = 0;
    }
}
