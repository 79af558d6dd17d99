package dev.hvlab.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void eventsRunInTimeThenSchedulingOrder() {
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        Event a = new Event("a", () -> log.add("a"));
        Event b = new Event("b", () -> log.add("b"));
        Event c = new Event("c", () -> log.add("c"));
        q.schedule(b, 200);
        q.schedule(a, 100);
        q.schedule(c, 200);
        q.advanceTo(150);
        assertEquals(List.of("a"), log);
        assertEquals(150, q.now());
        q.advanceTo(1000);
        assertEquals(List.of("a", "b", "c"), log);
        assertEquals(1000, q.now());
    }

    @Test
    void rescheduleAndCancel() {
        EventQueue q = new EventQueue();
        List<String> log = new ArrayList<>();
        Event a = new Event("a", () -> log.add("a"));
        Event b = new Event("b", () -> log.add("b"));
        q.schedule(a, 100);
        q.schedule(b, 50);
        q.schedule(a, 10);
        q.cancel(b);
        assertFalse(b.isScheduled());
        q.advanceTo(500);
        assertEquals(List.of("a"), log);
    }

    @Test
    void anEventMayRescheduleItself() {
        EventQueue q = new EventQueue();
        int[] fired = {0};
        Event[] holder = new Event[1];
        holder[0] = new Event("tick", () -> {
            fired[0]++;
            q.schedule(holder[0], q.now() + 10);
        });
        q.schedule(holder[0], 10);
        q.advanceTo(100);
        assertEquals(10, fired[0]);
    }

    @Test
    void heapOrderHoldsUnderRandomOperations() {
        EventQueue q = new EventQueue();
        Random r = new Random(7);
        List<Long> seen = new ArrayList<>();
        Event[] events = new Event[200];
        for (int i = 0; i < events.length; i++) {
            events[i] = new Event("e" + i, () -> seen.add(q.now()));
        }
        for (int step = 0; step < 5000; step++) {
            Event e = events[r.nextInt(events.length)];
            if (r.nextInt(4) == 0) {
                q.cancel(e);
            } else {
                q.schedule(e, r.nextInt(1_000_000));
            }
        }
        q.advanceTo(Long.MAX_VALUE / 2);
        for (int i = 1; i < seen.size(); i++) {
            assertFalse(seen.get(i) < seen.get(i - 1), "time went backwards");
        }
    }

    @Test
    void clocksConvertExactlyWithoutDrift() {
        Clock a53 = new Clock(1_200_000_000L);
        assertEquals(2500, a53.toTime(3));            // 3 cycles at 1.2 GHz = 2.5 ns
        assertEquals(1_000_000_000_000L, a53.toTime(1_200_000_000L));
        assertEquals(1_200_000_000L, a53.toCycles(1_000_000_000_000L));
        Clock counter = new Clock(8_000_000L);
        assertEquals(8, counter.toCycles(1_000_000));  // 1 us of an 8 MHz counter
        Clock odd = new Clock(1_234_567_891L);
        long t = odd.toTime(1_000_000_000_000L);       // large counts must not overflow
        assertEquals(1_000_000_000_000L, odd.toCycles(t) + (odd.toCycles(t) < 1_000_000_000_000L ? 1 : 0));
    }
}
