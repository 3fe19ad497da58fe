/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.LivenessLock;
import io.freight.store.PayloadStore;
import io.freight.store.ReceiverPosition;
import io.freight.store.Region;
import io.freight.store.ShmRoot;
import io.freight.store.StorePaths;
import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's receiver table against a real store and in-flight table: attach takes the lowest free slot, acks and
 * releases let go of what each receiver held, removal counts what it abandoned, a message from another session is
 * foreign, and a dead or vanished receiver is found by the liveness check.
 */
class ReceiverTableTest
{
    private static final int CONTROL_SESSION = 77;

    private final IntHashSet liveControlSessions = new IntHashSet();
    private ShmRoot root;
    private PayloadStore store;
    private InFlightTable inFlight;
    private ReceiverTable table;
    private long nextSequence;

    @BeforeEach
    void before() throws Exception
    {
        root = ShmRoot.create();
        store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(1024 * 1024)
            .maxStoreLength(1024 * 1024).preTouch(false));
        inFlight = new InFlightTable(store, 16);
        table = new ReceiverTable(inFlight, root.path(), liveControlSessions::contains);
    }

    @AfterEach
    void after() throws Exception
    {
        store.close();
        root.close();
    }

    @Test
    void shouldAttachInTheLowestFreeSlotAndSetItsBit()
    {
        assertEquals(0, table.attach(10, CONTROL_SESSION, -1));
        assertEquals(1, table.attach(11, CONTROL_SESSION, -1));
        assertEquals(0b11, table.attachedMask());
        assertEquals(2, table.count());

        table.remove(0, -1);
        assertEquals(0b10, table.attachedMask());
        assertEquals(0, table.attach(12, CONTROL_SESSION, -1), "a freed slot is taken again");
        assertEquals(3, table.receiversAttached());
    }

    @Test
    void shouldRefuseReceiverIdZeroWhichNoReceiverHas()
    {
        assertThrows(IllegalArgumentException.class, () -> table.attach(0, CONTROL_SESSION, -1));

        assertEquals(0, table.attachedMask());
        assertEquals(0, table.receiversAttached());
    }

    @Test
    void shouldFindAnAttachedReceiverOnlyFromTheSessionThatAttachedIt()
    {
        final int slot = table.attach(10, CONTROL_SESSION, -1);

        assertEquals(slot, table.find(10, CONTROL_SESSION));
        assertEquals(0, table.foreignMessages());
        assertEquals(-1, table.find(10, CONTROL_SESSION + 1));
        assertEquals(1, table.foreignMessages(), "another session naming it is foreign");
        assertEquals(slot, table.find(10), "found whichever session asks");
        assertEquals(-1, table.find(99, CONTROL_SESSION));
        assertEquals(1, table.foreignMessages(), "an unknown receiver is not foreign");
    }

    @Test
    void shouldHoldSixtyFourReceiversAndRefuseTheSixtyFifth()
    {
        for (int i = 0; i < ReceiverTable.MAX_RECEIVERS; i++)
        {
            assertFalse(table.isFull());
            assertEquals(i, table.attach(100 + i, CONTROL_SESSION, -1));
        }

        assertTrue(table.isFull());
        assertEquals(-1L, table.attachedMask());
        assertEquals(ReceiverTable.MAX_RECEIVERS, table.count());
        assertEquals(ReceiverTable.MAX_RECEIVERS - 1, table.find(100 + ReceiverTable.MAX_RECEIVERS - 1));
        assertThrows(IllegalStateException.class, () -> table.attach(999, CONTROL_SESSION, -1));
        assertEquals(ReceiverTable.MAX_RECEIVERS, table.count());
    }

    @Test
    void shouldReleaseARegionOnceEveryAttachedReceiverAckedIt()
    {
        final int a = table.attach(10, CONTROL_SESSION, -1);
        final int b = table.attach(11, CONTROL_SESSION, -1);
        publish();
        publish();

        table.ack(a, 1, last());
        assertEquals(2, inFlight.unreleased(), "the other receiver holds both");
        assertFalse(table.isAckedUpTo(last()));
        assertEquals(-1, table.minCumulative(last()));

        table.release(b, 1);
        assertEquals(1, inFlight.unreleased());
        table.ack(b, 0, last());
        assertEquals(0, inFlight.unreleased());
        assertEquals(0, store.regionsInFlight());
        assertFalse(table.isAckedUpTo(last()), "an out-of-order release does not move the cumulative ack");

        table.ack(b, 1, last());
        assertTrue(table.isAckedUpTo(last()));
        assertEquals(last(), table.minCumulative(last()));
    }

    @Test
    void shouldClampAnAckBeyondWhatWasPublishedAndIgnoreOneBelowTheLast()
    {
        final int slot = table.attach(10, CONTROL_SESSION, -1);
        publish();
        publish();

        table.ack(slot, Long.MAX_VALUE, last());
        assertEquals(last(), table.minCumulative(Long.MAX_VALUE), "clamped to the last sequence published");
        assertEquals(0, inFlight.unreleased());

        publish();
        table.ack(slot, 0, last());
        assertEquals(1, inFlight.unreleased(), "an older ack changes nothing");
        assertEquals(1, last() - table.minCumulative(last()));
    }

    @Test
    void shouldWaitOnlyForPayloadsPublishedAfterTheAttach()
    {
        final int first = table.attach(10, CONTROL_SESSION, -1);
        publish();
        final int late = table.attach(11, CONTROL_SESSION, last());

        assertFalse(table.isAckedUpTo(last()));
        table.ack(first, last(), last());
        assertTrue(table.isAckedUpTo(last()), "the late receiver never waited for payload 0");
        assertEquals(0, inFlight.unreleased());
        assertEquals(1, late);
    }

    @Test
    void shouldReleaseWhatARemovedReceiverHeldAndCountWhatItAbandoned()
    {
        final int a = table.attach(10, CONTROL_SESSION, -1);
        table.attach(11, CONTROL_SESSION, -1);
        publish();
        publish();
        publish();
        table.ack(a, 0, last());

        table.remove(a, last());

        assertEquals(2, table.payloadsAbandoned(), "it had acked one of three");
        assertEquals(-1, table.find(10));
        assertEquals(3, inFlight.unreleased(), "the other receiver still holds all three");
        table.ack(table.find(11), last(), last());
        assertEquals(0, inFlight.unreleased());
        assertEquals(0, store.regionsInFlight());
    }

    @Test
    void shouldNotCountAbandonedWhatAReceiverReleasedThroughItsPositionBeforeItLeft() throws Exception
    {
        final int a = table.attach(10, CONTROL_SESSION, -1, ReceiverPosition.create(store.directory(), 10));
        publish();
        publish();
        publish();
        try (ReceiverPosition receiverSide = ReceiverPosition.open(store.directory(), 10))
        {
            receiverSide.position(1); // its last store, then its detach, applied before the next applyPositions
        }

        table.remove(a, last());

        assertEquals(1, table.payloadsAbandoned(), "it had released two of three through its position");
        assertEquals(0, inFlight.unreleased());
        assertEquals(0, store.regionsInFlight());
        assertFalse(Files.exists(ReceiverPosition.file(store.directory(), 10)), "its position file is deleted");
    }

    @Test
    void shouldKeepALiveReceiverAndRemoveOneWhoseControlImageWentAway()
    {
        liveControlSessions.add(CONTROL_SESSION);
        table.attach(10, CONTROL_SESSION, -1);
        table.attach(11, CONTROL_SESSION + 1, -1);
        publish();

        assertEquals(1, table.checkLiveness(last()), "no image for the second session");
        assertEquals(1, table.count());
        assertEquals(0, table.find(10));
        assertEquals(1, table.receiversLost());
        assertEquals(1, table.payloadsAbandoned());
        assertEquals(1, inFlight.unreleased(), "the live receiver still holds it");

        assertEquals(0, table.checkLiveness(last()));
        assertEquals(1, table.receiversLost());
    }

    @Test
    void shouldKeepAReceiverWhoseLockIsHeldAndRemoveOneWhoseLockNobodyHolds() throws Exception
    {
        liveControlSessions.add(CONTROL_SESSION);
        final Path userDirectory = StorePaths.userDirectory(root.path());
        Files.createDirectories(userDirectory);
        final Path deadLock = StorePaths.receiverLockFile(root.path(), 11);
        Files.createFile(deadLock); // the state a killed receiver leaves: the file without its lock

        try (LivenessLock held = LivenessLock.create(StorePaths.receiverLockFile(root.path(), 10)))
        {
            table.attach(10, CONTROL_SESSION, -1);
            table.attach(11, CONTROL_SESSION, -1);

            assertEquals(1, table.checkLiveness(last()));
            assertEquals(0, table.find(10));
            assertEquals(-1, table.find(11));
            assertEquals(1, table.receiversLost());
            assertFalse(Files.exists(deadLock), "the dead receiver's lock file is deleted");
            assertTrue(Files.exists(held.file()));
        }
    }

    private void publish()
    {
        final Region region = new Region();
        assertTrue(store.tryClaim(1000, region) > 0);
        inFlight.add(nextSequence++, region.segmentId(), region.regionOffset(), region.generation(), table.attachedMask());
    }

    private long last()
    {
        return nextSequence - 1;
    }
}
