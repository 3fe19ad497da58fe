/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Image;
import io.aeron.Subscription;
import io.freight.store.PayloadStore;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;

/**
 * The senders a receiver knows of, one {@link SenderImage} per Aeron session on the data stream: discovery (a sender
 * is known from its first message or from its Aeron image, whichever comes first), liveness (a sender is gone once its
 * image has ended, or its owner process is dead and its image drained), and removal once a gone sender's last retained
 * payload is released.
 * <p>
 * Layout: a map by session id for the data stream's lookups, with the last one found cached (a stream is mostly one
 * sender's), and a list in creation order for the scans. A sender costs one {@link SenderImage} when first seen;
 * lookups and scans allocate nothing. Counts the senders gone and crashed.
 * <p>
 * Not thread-safe: the subscription's polling thread owns it.
 */
final class SenderImages
{
    private final Subscription subscription;
    private final PayloadStore localStore;
    private final long networkLivenessTimeoutNs;
    private final Int2ObjectHashMap<SenderImage> imageBySessionId = new Int2ObjectHashMap<>();
    private final ArrayList<SenderImage> images = new ArrayList<>();
    private SenderImage lastImage;
    private SenderGoneHandler senderGoneHandler;
    private boolean isAttachDue;
    private long sendersGone;
    private long sendersCrashed;

    /**
     * @param subscription the data stream, whose Aeron images show which senders exist and whether they still do.
     */
    SenderImages(final Subscription subscription)
    {
        this(subscription, null, 0);
    }

    /**
     * @param subscription             the data stream.
     * @param localStore               network mode: the receiver's own store; null on one host.
     * @param networkLivenessTimeoutNs network mode: how long a sender may be silent before it is taken for dead.
     */
    SenderImages(final Subscription subscription, final PayloadStore localStore, final long networkLivenessTimeoutNs)
    {
        this.subscription = subscription;
        this.localStore = localStore;
        this.networkLivenessTimeoutNs = networkLivenessTimeoutNs;
    }

    /**
     * Be told when a sender that this receiver was attached to is gone.
     *
     * @param handler called from {@link #scan(long, long)}, or null for none.
     */
    void senderGoneHandler(final SenderGoneHandler handler)
    {
        this.senderGoneHandler = handler;
    }

    /**
     * The image of a sender, created on first sight. O(1), no allocation once the sender is known.
     *
     * @param sessionId Aeron session id of the sender.
     * @return its image.
     */
    SenderImage image(final int sessionId)
    {
        SenderImage image = lastImage;
        if (null != image && image.sessionId == sessionId)
        {
            return image;
        }

        image = imageBySessionId.get(sessionId);
        if (null == image)
        {
            image = new SenderImage(sessionId, localStore, System.nanoTime());
            imageBySessionId.put(sessionId, image);
            images.add(image);
        }

        lastImage = image;
        return image;
    }

    /**
     * Senders known, gone ones whose retained payloads are not all released included.
     *
     * @return count.
     */
    int size()
    {
        return images.size();
    }

    /**
     * A sender by position, for scans that must not allocate an iterator.
     *
     * @param index from 0 to {@link #size()} - 1.
     * @return the image.
     */
    SenderImage get(final int index)
    {
        return images.get(index);
    }

    /**
     * Is this receiver attached to at least one sender that is not gone?
     *
     * @return true if so.
     */
    boolean isConnected()
    {
        for (int i = 0, size = images.size(); i < size; i++)
        {
            final SenderImage image = images.get(i);
            if (image.isAttached && !image.isGone)
            {
                return true;
            }
        }

        return false;
    }

    /**
     * Did the last {@link #scan(long, long)} find an Aeron image of a sender this receiver is not attached to yet?
     *
     * @return true if a ReceiverAttach should go out.
     */
    boolean isAttachDue()
    {
        return isAttachDue;
    }

    /**
     * Senders whose stream ended (closed or died) after this receiver attached to them.
     *
     * @return count.
     */
    long sendersGone()
    {
        return sendersGone;
    }

    /**
     * Senders whose process died while this receiver was attached to them.
     *
     * @return count.
     */
    long sendersCrashed()
    {
        return sendersCrashed;
    }

    /**
     * Discover the senders behind the subscription's images, unmap their idle oversize segments, find the ones gone
     * (telling the handler), and remove the gone ones nothing is retained from. Sets {@link #isAttachDue()}.
     *
     * @param nowNs         the subscription's clock.
     * @param idleTimeoutNs how long an unused oversize segment stays mapped.
     * @return work done.
     */
    int scan(final long nowNs, final long idleTimeoutNs)
    {
        int work = 0;
        boolean isAttachDue = false;
        for (int i = 0, count = subscription.imageCount(); i < count; i++)
        {
            final Image image = subscription.imageAtIndex(i);
            isAttachDue |= !image(image.sessionId()).isAttached;
        }
        this.isAttachDue = isAttachDue;

        for (int i = images.size() - 1; i >= 0; i--)
        {
            final SenderImage image = images.get(i);
            work += image.unmapIdleSegments(nowNs, idleTimeoutNs);
            if (!image.isGone && isGone(image, nowNs))
            {
                image.isGone = true;
                onSenderGone(image);
                work++;
            }
            closeIfDone(image);
        }

        return work;
    }

    /**
     * Remove a sender if it is gone and nothing is retained from it, unmapping its store.
     *
     * @param image to check.
     */
    void closeIfDone(final SenderImage image)
    {
        if (image.canClose())
        {
            image.close();
            imageBySessionId.remove(image.sessionId);
            images.remove(image);
            if (lastImage == image)
            {
                lastImage = null;
            }
        }
    }

    /**
     * Unmap every sender's store and forget them all.
     */
    void closeAll()
    {
        for (int i = 0, size = images.size(); i < size; i++)
        {
            images.get(i).close();
        }
        images.clear();
        imageBySessionId.clear();
        lastImage = null;
    }

    private boolean isGone(final SenderImage sender, final long nowNs)
    {
        final Image image = subscription.imageBySessionId(sender.sessionId);
        if (null == image)
        {
            return true;
        }
        if (image.isEndOfStream())
        {
            // Closed cleanly and drained, whether or not its process has exited since.
            sender.isOwnerDead = false;
            return true;
        }
        if (null != localStore)
        {
            // Across hosts there is no lock file to probe: a sender sends something, a heartbeat at least, every
            // tenth of the timeout, and Aeron keeps a dead one's image for its own, longer, liveness timeout.
            if (sender.isAttached && nowNs - sender.lastHeardNs > networkLivenessTimeoutNs)
            {
                sender.isOwnerDead = true;
                sender.abandonChunks();
                return true;
            }
            return false;
        }
        if (!sender.isAttached || null == sender.reader)
        {
            return false;
        }

        // A sender that died leaves its image behind until Aeron's client timeout (10 s); its liveness lock says so
        // at once. What it published before dying is still delivered: the sender is gone once the image is drained.
        final long position = image.position();
        if (!sender.isOwnerDead)
        {
            sender.isOwnerDead = !sender.reader.isOwnerAlive();
            sender.lastImagePosition = position;
            return false;
        }

        final boolean isDrained = position == sender.lastImagePosition;
        sender.lastImagePosition = position;
        return isDrained;
    }

    private void onSenderGone(final SenderImage image)
    {
        if (!image.isAttached)
        {
            return;
        }

        sendersGone++;
        if (image.isOwnerDead)
        {
            sendersCrashed++;
        }
        if (null != senderGoneHandler)
        {
            senderGoneHandler.onSenderGone(image.sessionId, image.isOwnerDead,
                image.hasDelivered ? image.lastDelivered : -1);
        }
    }
}
