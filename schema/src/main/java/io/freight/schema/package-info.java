/**
 * The Freight wire contract beyond what SBE generates: {@link io.freight.schema.MessageValidator}, the bounds check
 * every received fragment passes before a decoder from {@code io.freight.codecs} reads it, and
 * {@link io.freight.schema.ProtocolException}, what it throws.
 * <p>
 * This package depends on Agrona and the generated codecs only. It must never import Aeron or the payload store:
 * only the transport module joins them.
 */
package io.freight.schema;
