/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.freight.interop.EvolutionMessages.ACK_SEQUENCE;
import static io.freight.interop.EvolutionMessages.CHECKSUM;
import static io.freight.interop.EvolutionMessages.COMMITTED_NS;
import static io.freight.interop.EvolutionMessages.GENERATION;
import static io.freight.interop.EvolutionMessages.PAYLOAD_LENGTH;
import static io.freight.interop.EvolutionMessages.RECEIVER_ID;
import static io.freight.interop.EvolutionMessages.REGION_OFFSET;
import static io.freight.interop.EvolutionMessages.RELEASED;
import static io.freight.interop.EvolutionMessages.RELEASED_BYTES;
import static io.freight.interop.EvolutionMessages.SEGMENT_ID;
import static io.freight.interop.EvolutionMessages.SEQUENCE;
import static io.freight.interop.EvolutionMessages.SESSION_ID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SBE's extension rules between the schema (version 1) and a version 2 that adds an optional field at the end of
 * PayloadDescriptor's and Ack's blocks, in Java: each version's decoders read the other's messages when wrapped with
 * the block length and version from the message's own header, and {@link MessageValidator} accepts version 2.
 */
class VersionEvolutionTest
{
    // The sinceVersion of what the test-only version 2 adds to the schema's version 1.
    private static final String ADDED_SINCE = "2";

    @Test
    void shouldReadEveryVersion1FieldOfAVersion2DescriptorWithTheVersion1Decoder()
    {
        final UnsafeBuffer message = EvolutionMessages.v2Descriptor();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
        assertEquals(2, header.version());
        assertEquals(PayloadDescriptorDecoder.BLOCK_LENGTH + Long.BYTES, header.blockLength());

        final PayloadDescriptorDecoder decoder = v1DescriptorDecoder(message);

        assertEquals(SEQUENCE, decoder.sequence());
        assertEquals(REGION_OFFSET, decoder.regionOffset());
        assertEquals(PAYLOAD_LENGTH, decoder.payloadLength());
        assertEquals(GENERATION, decoder.generation());
        assertEquals(SEGMENT_ID, decoder.segmentId());
        assertEquals(CHECKSUM, decoder.checksum());
        assertTrue(decoder.flags().checksumPresent());
        assertEquals(message.capacity(), MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength(),
            "the version 1 decoder steps over the field it does not know by the header's blockLength");
    }

    @Test
    void shouldReadTheNullValueForAFieldAVersion1DescriptorDoesNotHave()
    {
        final UnsafeBuffer message = EvolutionMessages.v1Descriptor();

        final io.freight.codecs.v2.PayloadDescriptorDecoder decoder = v2DescriptorDecoder(message);

        assertEquals(io.freight.codecs.v2.PayloadDescriptorDecoder.committedNsNullValue(), decoder.committedNs());
        assertEquals(Long.MIN_VALUE, decoder.committedNs());
        assertEquals(SEQUENCE, decoder.sequence());
        assertEquals(CHECKSUM, decoder.checksum());
        assertEquals(message.capacity(), MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldReadTheNewFieldOfAVersion2DescriptorWithTheVersion2Decoder()
    {
        final UnsafeBuffer message = EvolutionMessages.v2Descriptor();

        final io.freight.codecs.v2.PayloadDescriptorDecoder decoder = v2DescriptorDecoder(message);

        assertEquals(COMMITTED_NS, decoder.committedNs());
        assertEquals(GENERATION, decoder.generation());
    }

    @Test
    void shouldFindTheReleasedGroupAfterTheLongerBlockOfAVersion2AckWithTheVersion1Decoder()
    {
        final UnsafeBuffer message = EvolutionMessages.v2Ack();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
        assertEquals(AckDecoder.BLOCK_LENGTH + Long.BYTES, header.blockLength());

        final AckDecoder decoder = v1AckDecoder(message);

        assertEquals(RECEIVER_ID, decoder.receiverId());
        assertEquals(ACK_SEQUENCE, decoder.sequence());
        assertEquals(SESSION_ID, decoder.sessionId());
        assertArrayEquals(RELEASED, released(decoder));
        assertEquals(message.capacity(), MessageHeaderDecoder.ENCODED_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldReadTheNullValueForAFieldAVersion1AckDoesNotHaveAndStillFindItsGroup()
    {
        final UnsafeBuffer message = EvolutionMessages.v1Ack();

        final io.freight.codecs.v2.AckDecoder decoder = v2AckDecoder(message);

        assertEquals(io.freight.codecs.v2.AckDecoder.releasedBytesNullValue(), decoder.releasedBytes());
        assertEquals(RECEIVER_ID, decoder.receiverId());
        assertArrayEquals(RELEASED, released(decoder));
    }

    @Test
    void shouldReadTheNewFieldOfAVersion2AckWithTheVersion2Decoder()
    {
        final UnsafeBuffer message = EvolutionMessages.v2Ack();

        final io.freight.codecs.v2.AckDecoder decoder = v2AckDecoder(message);

        assertEquals(RELEASED_BYTES, decoder.releasedBytes());
    }

    @Test
    void shouldAcceptVersion2MessagesInTheMessageValidator()
    {
        final UnsafeBuffer descriptor = EvolutionMessages.v2Descriptor();
        final UnsafeBuffer ack = EvolutionMessages.v2Ack();

        assertEquals(
            PayloadDescriptorDecoder.TEMPLATE_ID, MessageValidator.validate(descriptor, 0, descriptor.capacity()));
        assertEquals(descriptor.capacity(), MessageValidator.encodedLength(descriptor, 0, descriptor.capacity()));
        assertEquals(AckDecoder.TEMPLATE_ID, MessageValidator.validate(ack, 0, ack.capacity()));
        assertEquals(ack.capacity(), MessageValidator.encodedLength(ack, 0, ack.capacity()));
    }

    @Test
    void shouldRejectAVersion2MessageUnderAForeignSchemaId()
    {
        final UnsafeBuffer descriptor = EvolutionMessages.v2Descriptor();
        descriptor.putShort(
            MessageHeaderDecoder.schemaIdEncodingOffset(), (short)18003, MessageHeaderDecoder.BYTE_ORDER);

        assertThrows(ProtocolException.class, () -> MessageValidator.validate(descriptor, 0, descriptor.capacity()));
    }

    @Test
    void shouldKeepEveryPartOfVersion1UnchangedInTheVersion2SchemaAndAddOnlyOptionalFieldsAtBlockEnds()
        throws Exception
    {
        final Element v1 = parse(System.getProperty(
            "freight.interop.schema", "../schema/src/main/resources/freight-schema.xml"));
        final Element v2 = parse(System.getProperty(
            "freight.interop.schema.v2", "src/test/resources/freight-schema-v2.xml"));

        assertEquals(v1.getAttribute("id"), v2.getAttribute("id"));
        assertEquals(v1.getAttribute("byteOrder"), v2.getAttribute("byteOrder"));
        assertEquals(Integer.parseInt(v1.getAttribute("version")) + 1, Integer.parseInt(v2.getAttribute("version")));

        final Map<String, Element> v1Types = childrenByName(firstChild(v1, "types"));
        final Map<String, Element> v2Types = childrenByName(firstChild(v2, "types"));
        for (final Map.Entry<String, Element> type : v1Types.entrySet())
        {
            assertTrue(v2Types.containsKey(type.getKey()), "version 2 lost type " + type.getKey());
            assertTrue(type.getValue().isEqualNode(v2Types.get(type.getKey())), "version 2 changed " + type.getKey());
        }

        final Map<String, Element> v1Messages = childrenByName(v1, "sbe:message");
        final Map<String, Element> v2Messages = childrenByName(v2, "sbe:message");
        assertTrue(v1Messages.containsKey("PayloadChunk") && v1Messages.containsKey("Heartbeat"), v1Messages::toString);
        for (final Map.Entry<String, Element> message : v1Messages.entrySet())
        {
            assertExtends(message.getValue(), v2Messages.get(message.getKey()), message.getKey());
        }
        for (final Map.Entry<String, Element> message : v2Messages.entrySet())
        {
            if (!v1Messages.containsKey(message.getKey()))
            {
                assertEquals(ADDED_SINCE, message.getValue().getAttribute("sinceVersion"), message.getKey());
            }
        }
    }

    // Every decoder is wrapped with the block length and version from the message's own header: SBE's rule.
    static PayloadDescriptorDecoder v1DescriptorDecoder(final UnsafeBuffer message)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
        return new PayloadDescriptorDecoder()
            .wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    static io.freight.codecs.v2.PayloadDescriptorDecoder v2DescriptorDecoder(final UnsafeBuffer message)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
        return new io.freight.codecs.v2.PayloadDescriptorDecoder()
            .wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    static AckDecoder v1AckDecoder(final UnsafeBuffer message)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
        return new AckDecoder()
            .wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    static io.freight.codecs.v2.AckDecoder v2AckDecoder(final UnsafeBuffer message)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
        return new io.freight.codecs.v2.AckDecoder()
            .wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
    }

    static long[] released(final AckDecoder decoder)
    {
        final List<Long> sequences = new ArrayList<>();
        for (final AckDecoder.ReleasedDecoder entry : decoder.released())
        {
            sequences.add(entry.sequence());
        }

        return sequences.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] released(final io.freight.codecs.v2.AckDecoder decoder)
    {
        final List<Long> sequences = new ArrayList<>();
        for (final io.freight.codecs.v2.AckDecoder.ReleasedDecoder entry : decoder.released())
        {
            sequences.add(entry.sequence());
        }

        return sequences.stream().mapToLong(Long::longValue).toArray();
    }

    // Same attributes except the description, the version 1 children in the same order, and every child version 2
    // adds marked sinceVersion="2", with an added field after every field that version 1 has. A child version 1 itself
    // added (sinceVersion="1") is one version 2 keeps.
    private static void assertExtends(final Element v1, final Element v2, final String path)
    {
        assertTrue(null != v2, "version 2 lost " + path);
        assertEquals(attributes(v1), attributes(v2), path);

        final List<Element> v1Children = elements(v1);
        final List<Element> kept = new ArrayList<>();
        int lastKeptField = -1;
        int firstAddedField = Integer.MAX_VALUE;
        final List<Element> v2Children = elements(v2);
        for (int i = 0; i < v2Children.size(); i++)
        {
            final Element child = v2Children.get(i);
            if (!ADDED_SINCE.equals(child.getAttribute("sinceVersion")))
            {
                kept.add(child);
                lastKeptField = "field".equals(child.getTagName()) ? i : lastKeptField;
            }
            else
            {
                firstAddedField = "field".equals(child.getTagName()) ? Math.min(firstAddedField, i) : firstAddedField;
            }
        }

        assertTrue(firstAddedField > lastKeptField, path + ": a version 2 field comes before a version 1 field");
        assertEquals(v1Children.size(), kept.size(), path + ": version 2 removed a part of version 1");
        for (int i = 0; i < v1Children.size(); i++)
        {
            assertExtends(v1Children.get(i), kept.get(i), path + "." + v1Children.get(i).getAttribute("name"));
        }
    }

    private static Element parse(final String file) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new File(Path.of(file).toAbsolutePath().toString()))
            .getDocumentElement();
    }

    private static Element firstChild(final Element parent, final String tag)
    {
        return elements(parent).stream().filter((e) -> e.getTagName().equals(tag)).findFirst().orElseThrow();
    }

    private static Map<String, Element> childrenByName(final Element parent, final String tag)
    {
        final Map<String, Element> children = new LinkedHashMap<>();
        for (final Element child : elements(parent))
        {
            if (child.getTagName().equals(tag))
            {
                children.put(child.getAttribute("name"), child);
            }
        }

        return children;
    }

    private static Map<String, Element> childrenByName(final Element parent)
    {
        final Map<String, Element> children = new LinkedHashMap<>();
        for (final Element child : elements(parent))
        {
            children.put(child.getAttribute("name"), child);
        }

        return children;
    }

    private static List<Element> elements(final Element parent)
    {
        final List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); null != node; node = node.getNextSibling())
        {
            if (node instanceof Element)
            {
                elements.add((Element)node);
            }
        }

        return elements;
    }

    private static Map<String, String> attributes(final Element element)
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        final NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++)
        {
            if (!"description".equals(all.item(i).getNodeName()))
            {
                attributes.put(all.item(i).getNodeName(), all.item(i).getNodeValue());
            }
        }

        return attributes;
    }
}
