package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkloadsUnderXvisorTest {
    @Test
    void microbench() throws Exception {
        Rig r = Rig.xvisor(Rig.workload("microbench"), null).run(200_000_000L);
        System.out.println(r.output());
        System.out.println(r.result);
        System.out.println(r.dispatcher.ledger().format());
        System.out.println(r.dispatcher.reports());
        assertTrue(r.output().contains("DONE"));
    }
}
