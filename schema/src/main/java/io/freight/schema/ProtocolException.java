package io.freight.schema;

/**
 * Thrown when received bytes are not a well-formed Freight message: a foreign schema, an unknown template, or a
 * length or count that does not fit the fragment that carried it.
 * <p>
 * The message names the message type and field, the value seen, the limit it broke and what is wrong, so that a
 * counted error in a receiver's log is enough to find the faulty sender. Building one allocates; it is thrown only
 * on the failure path, never on a valid message.
 */
public final class ProtocolException extends RuntimeException
{
    private static final long serialVersionUID = -2387102384612084105L;

    /**
     * Create an exception that describes a malformed message.
     *
     * @param message what is wrong, naming the message type, the field, the value seen and the limit.
     */
    public ProtocolException(final String message)
    {
        super(message);
    }
}
