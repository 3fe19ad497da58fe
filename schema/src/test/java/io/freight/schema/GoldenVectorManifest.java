package io.freight.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the golden vector manifest ({@code vectors.txt}) and the committed {@code .bin} files beside it.
 * <p>
 * Parsing checks only the line syntax (name, message, {@code field=value} tokens, no duplicates); whether the message
 * and its fields exist in the schema is {@link GoldenVectorCodec}'s check. Not thread safe: a test's own helper.
 */
final class GoldenVectorManifest
{
    /**
     * File name of the manifest inside the vectors directory.
     */
    static final String MANIFEST_FILE = "vectors.txt";

    /**
     * Suffix of the file holding a vector's bytes.
     */
    static final String VECTOR_SUFFIX = ".bin";

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern SPACES = Pattern.compile(" +");

    private GoldenVectorManifest()
    {
    }

    /**
     * The committed vectors directory, {@code src/test/resources/vectors} of the schema module, found from the
     * {@code basedir} property Surefire sets, else from the working directory (the module or the reactor root).
     *
     * @return the directory holding {@code vectors.txt} and the {@code .bin} files.
     */
    static Path directory()
    {
        final Path relative = Paths.get("src", "test", "resources", "vectors");
        final String basedir = System.getProperty("basedir");
        if (null != basedir)
        {
            return Paths.get(basedir).resolve(relative);
        }

        final Path fromModule = relative.toAbsolutePath();
        return Files.isDirectory(fromModule) ? fromModule : Paths.get("schema").resolve(relative).toAbsolutePath();
    }

    /**
     * Read and parse the manifest in a vectors directory.
     *
     * @param directory holding {@code vectors.txt}.
     * @return the vectors in manifest order.
     */
    static List<GoldenVector> read(final Path directory)
    {
        try
        {
            return parse(Files.readAllLines(directory.resolve(MANIFEST_FILE), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Parse manifest lines.
     *
     * @param lines of the manifest.
     * @return the vectors in manifest order.
     * @throws IllegalArgumentException naming the line if one is malformed or repeats a name or a field.
     */
    static List<GoldenVector> parse(final List<String> lines)
    {
        final List<GoldenVector> vectors = new ArrayList<>();
        final Set<String> names = new HashSet<>();

        for (int i = 0; i < lines.size(); i++)
        {
            final int lineNumber = i + 1;
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }

            final String[] tokens = SPACES.split(line);
            if (tokens.length < 2)
            {
                throw new IllegalArgumentException(
                    MANIFEST_FILE + " line " + lineNumber + ": expected '<name> <message> field=value ...': " + line);
            }

            final String name = tokens[0];
            if (!NAME.matcher(name).matches())
            {
                throw new IllegalArgumentException(
                    MANIFEST_FILE + " line " + lineNumber + ": name '" + name + "' does not match " + NAME);
            }

            if (!names.add(name))
            {
                throw new IllegalArgumentException(
                    MANIFEST_FILE + " line " + lineNumber + ": vector name '" + name + "' is used twice");
            }

            final Map<String, String> fields = new LinkedHashMap<>();
            for (int t = 2; t < tokens.length; t++)
            {
                final String token = tokens[t];
                final int equals = token.indexOf('=');
                if (equals <= 0)
                {
                    throw new IllegalArgumentException(
                        MANIFEST_FILE + " line " + lineNumber + ": expected field=value, got '" + token + "'");
                }

                final String field = token.substring(0, equals);
                if (null != fields.put(field, token.substring(equals + 1)))
                {
                    throw new IllegalArgumentException(
                        MANIFEST_FILE + " line " + lineNumber + ": field '" + field + "' appears twice");
                }
            }

            vectors.add(new GoldenVector(name, tokens[1], fields, lineNumber));
        }

        return vectors;
    }

    /**
     * The file that holds a vector's bytes.
     *
     * @param directory holding the vectors.
     * @param vector    whose file is wanted.
     * @return the path of {@code <name>.bin}, which may not exist.
     */
    static Path vectorFile(final Path directory, final GoldenVector vector)
    {
        return directory.resolve(vector.name() + VECTOR_SUFFIX);
    }

    /**
     * Read the committed bytes of a vector.
     *
     * @param directory holding the vectors.
     * @param vector    whose bytes are wanted.
     * @return the exact message bytes, header included.
     * @throws IllegalStateException naming the file and manifest line if the file is missing.
     */
    static byte[] readBytes(final Path directory, final GoldenVector vector)
    {
        final Path file = vectorFile(directory, vector);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalStateException("vector file " + file + " named on " + MANIFEST_FILE + " line " +
                vector.line() + " is missing; regenerate only on purpose (see schema/README.md)");
        }

        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
