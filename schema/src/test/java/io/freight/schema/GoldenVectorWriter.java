package io.freight.schema;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites every {@code <name>.bin} golden vector file from {@code vectors.txt}, encoding each line with the
 * generated encoders.
 * <p>
 * Run by hand only, and only to change the wire format on purpose (see schema/README.md); the tests never call it,
 * they compare the encoders against the committed files. Files the manifest no longer names are reported, not
 * deleted.
 */
public final class GoldenVectorWriter
{
    private GoldenVectorWriter()
    {
    }

    /**
     * Rewrite the vector files.
     *
     * @param args the vectors directory, holding {@code vectors.txt}: {@code schema/src/test/resources/vectors}.
     * @throws IOException if a file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (1 != args.length)
        {
            System.err.println("usage: GoldenVectorWriter <vectors directory holding vectors.txt>");
            System.exit(2);
        }

        final Path directory = Paths.get(args[0]).toAbsolutePath();
        final List<GoldenVector> vectors = GoldenVectorManifest.read(directory);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final Set<String> written = new HashSet<>();

        for (final GoldenVector vector : vectors)
        {
            final int length = GoldenVectorCodec.encode(vector, buffer);
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            MessageValidator.validate(new UnsafeBuffer(bytes), 0, length);

            final Path file = GoldenVectorManifest.vectorFile(directory, vector);
            Files.write(file, bytes);
            written.add(file.getFileName().toString());
            System.out.println("wrote " + file + " (" + length + " bytes)");
        }

        final String pattern = "*" + GoldenVectorManifest.VECTOR_SUFFIX;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, pattern))
        {
            for (final Path file : files)
            {
                if (!written.contains(file.getFileName().toString()))
                {
                    System.out.println("not in the manifest, left in place: " + file);
                }
            }
        }
    }
}
