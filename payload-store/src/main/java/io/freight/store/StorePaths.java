/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * Names and permissions of the store's files: {@code <root>/freight-<user>/<storeId>/} holding {@code store.meta}
 * and one {@code segment-<id>} file per segment. Directories are 0700 and files 0600, owned by the creating user;
 * nothing here follows a symbolic link.
 */
public final class StorePaths
{
    /**
     * Default root: tmpfs, so the store is memory, never disk.
     */
    public static final String DEFAULT_ROOT = "/dev/shm";

    /**
     * Prefix of the per-user directory under a root.
     */
    public static final String USER_DIRECTORY_PREFIX = "freight-";

    /**
     * Name of the metadata file in a store directory.
     */
    public static final String META_FILE_NAME = "store.meta";

    /**
     * Name of the file in a store directory whose lock the owner holds while it lives.
     */
    public static final String OWNER_LOCK_FILE_NAME = "owner.lock";

    /**
     * Prefix of a receiver's liveness lock file in the per-user directory; the receiver id in hex and ".lock" follow.
     */
    public static final String RECEIVER_LOCK_FILE_PREFIX = "receiver-";

    /**
     * Suffix of a receiver's liveness lock file.
     */
    public static final String RECEIVER_LOCK_FILE_SUFFIX = ".lock";

    /**
     * Prefix of segment file names; the decimal segment id follows.
     */
    public static final String SEGMENT_FILE_PREFIX = "segment-";

    /**
     * Longest store id or file name accepted.
     */
    public static final int MAX_NAME_LENGTH = 128;

    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int STICKY_BIT = 01000;
    private static final int OTHERS_WRITE = 0002;
    private static final int GROUP_WRITE = 0020;
    private static final int PERMISSION_BITS = 07777;

    private StorePaths()
    {
    }

    /**
     * The per-user directory under a root: {@code <root>/freight-<user.name>}.
     *
     * @param root of all stores, /dev/shm by default.
     * @return the per-user directory.
     */
    public static Path userDirectory(final Path root)
    {
        return root.toAbsolutePath().normalize()
            .resolve(USER_DIRECTORY_PREFIX + checkName(System.getProperty("user.name"), "user name"));
    }

    /**
     * The directory of one store.
     *
     * @param root    of all stores.
     * @param storeId of the store, a single path component.
     * @return the store directory.
     */
    public static Path storeDirectory(final Path root, final String storeId)
    {
        return userDirectory(root).resolve(checkName(storeId, "store id"));
    }

    /**
     * The liveness lock file of a receiver: {@code <root>/freight-<user>/receiver-<16 hex digits>.lock}.
     *
     * @param root       of stores, shared by the senders and receivers of a host.
     * @param receiverId of the receiver.
     * @return the lock file.
     */
    public static Path receiverLockFile(final Path root, final long receiverId)
    {
        return userDirectory(root).resolve(
            RECEIVER_LOCK_FILE_PREFIX + String.format("%016x", receiverId) + RECEIVER_LOCK_FILE_SUFFIX);
    }

    /**
     * Is this the name of a receiver's liveness lock file?
     *
     * @param name of a file in the per-user directory.
     * @return true if it is.
     */
    public static boolean isReceiverLockFileName(final String name)
    {
        return name.length() == RECEIVER_LOCK_FILE_PREFIX.length() + 16 + RECEIVER_LOCK_FILE_SUFFIX.length() &&
            name.startsWith(RECEIVER_LOCK_FILE_PREFIX) && name.endsWith(RECEIVER_LOCK_FILE_SUFFIX);
    }

    /**
     * File name of a segment.
     *
     * @param segmentId of the segment.
     * @return its file name, relative to the store directory.
     */
    public static String segmentFileName(final int segmentId)
    {
        return SEGMENT_FILE_PREFIX + segmentId;
    }

    /**
     * Check that a name received from elsewhere is one harmless path component: letters, digits, '.', '_' and '-',
     * starting with a letter or digit (so never "." or ".."), no separator, at most {@link #MAX_NAME_LENGTH} chars.
     *
     * @param name to check.
     * @param what the name is, for the error message.
     * @return the name.
     * @throws IllegalArgumentException naming what was wrong.
     */
    public static String checkName(final String name, final String what)
    {
        if (null == name || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException(
                what + " must be 1-" + MAX_NAME_LENGTH + " characters of [A-Za-z0-9._-] starting with a letter or " +
                "digit, a single path component: \"" + name + "\"");
        }

        return name;
    }

    /**
     * Check that a root may hold stores: an existing directory owned by us or by root, that group and others cannot
     * write to unless it has the sticky bit (as /dev/shm and /tmp do), so that nobody else can remove or rename what
     * we create there.
     *
     * @param root to check.
     * @throws IllegalArgumentException naming what is wrong.
     * @throws IOException if the root cannot be inspected.
     */
    public static void checkRoot(final Path root) throws IOException
    {
        if (!Files.isDirectory(root))
        {
            throw new IllegalArgumentException("store root is not an existing directory: " + root);
        }

        final int owner = (Integer)Files.getAttribute(root, "unix:uid");
        if (owner != currentUid() && owner != 0)
        {
            throw new IllegalArgumentException("store root " + root + " is owned by uid " + owner +
                ", neither us (uid " +
                currentUid() + ") nor root: its owner could replace our directory; use a root we or root own");
        }

        final int mode = (Integer)Files.getAttribute(root, "unix:mode");
        if ((mode & (OTHERS_WRITE | GROUP_WRITE)) != 0 && (mode & STICKY_BIT) == 0)
        {
            throw new IllegalArgumentException(
                "store root " + root + " is writable by other users without the sticky bit (mode " +
                Integer.toOctalString(mode & PERMISSION_BITS) + "): another user could replace our directory; " +
                "use a root only we can write, or one with the sticky bit like /dev/shm");
        }
    }

    /**
     * Create the per-user directory (0700) if it is missing and check it if present: a real directory, not a link,
     * owned by us, and not open to anyone else.
     *
     * @param root of all stores.
     * @return the per-user directory.
     * @throws IOException if it cannot be created, or exists and is unsafe.
     */
    public static Path ensureUserDirectory(final Path root) throws IOException
    {
        checkRoot(root);
        final Path directory = userDirectory(root);
        try
        {
            Files.createDirectory(directory, OWNER_ONLY_DIRECTORY);
        }
        catch (final FileAlreadyExistsException ignore)
        {
            checkPrivateDirectory(directory);
        }

        return directory;
    }

    /**
     * Check that a directory is a real directory owned by us with no access for group or others.
     *
     * @param directory to check.
     * @throws IOException if it is not, naming what is wrong.
     */
    public static void checkPrivateDirectory(final Path directory) throws IOException
    {
        final BasicFileAttributes attributes =
            Files.readAttributes(directory, BasicFileAttributes.class, NOFOLLOW_LINKS);
        if (!attributes.isDirectory())
        {
            throw new IOException(directory + " is not a directory (a link or a file is in its place); remove it");
        }

        checkOwnedByUs(directory);
        final int mode = (Integer)Files.getAttribute(directory, "unix:mode", NOFOLLOW_LINKS);
        if ((mode & 0077) != 0)
        {
            throw new IOException(
                directory + " has mode " + Integer.toOctalString(mode & PERMISSION_BITS) +
                ", open to other users; Freight needs 0700: chmod 700 it or remove it");
        }
    }

    /**
     * Check that a path is a regular file, not a symbolic link or anything else, owned by the user running us.
     *
     * @param file to check.
     * @throws IOException if it is not, naming what is wrong.
     */
    public static void checkRegularFileOwnedByUs(final Path file) throws IOException
    {
        final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS);
        if (!attributes.isRegularFile())
        {
            throw new IOException(file + " is not a regular file (a link or special file is in its place)");
        }

        checkOwnedByUs(file);
    }

    /**
     * Delete a directory tree without following symbolic links (a link is deleted, never its target). Missing files
     * are ignored, so concurrent deleters do not fail each other.
     *
     * @param directory to delete.
     * @throws IOException if something present cannot be deleted.
     */
    public static void deleteTree(final Path directory) throws IOException
    {
        try
        {
            Files.walkFileTree(directory, new SimpleFileVisitor<>()
            {
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                public FileVisitResult visitFileFailed(final Path file, final IOException ex) throws IOException
                {
                    if (ex instanceof NoSuchFileException)
                    {
                        return FileVisitResult.CONTINUE;
                    }
                    throw ex;
                }

                public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
                {
                    if (null != ex && !(ex instanceof NoSuchFileException))
                    {
                        throw ex;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final NoSuchFileException ignore)
        {
            // Already gone.
        }
    }

    /**
     * Remove the per-user directory if no store is left in it, so that a clean shutdown leaves nothing behind.
     *
     * @param root of all stores.
     */
    public static void deleteUserDirectoryIfEmpty(final Path root)
    {
        try
        {
            Files.deleteIfExists(userDirectory(root));
        }
        catch (final DirectoryNotEmptyException ignore)
        {
            // Another store of ours still lives there.
        }
        catch (final IOException ignore)
        {
            // Best effort: an empty 0700 directory is harmless.
        }
    }

    /**
     * The uid of the user running this process.
     *
     * @return the uid.
     * @throws IOException if /proc cannot be read.
     */
    public static int currentUid() throws IOException
    {
        return (Integer)Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static void checkOwnedByUs(final Path path) throws IOException
    {
        final int uid = (Integer)Files.getAttribute(path, "unix:uid", NOFOLLOW_LINKS);
        final int ourUid = currentUid();
        if (uid != ourUid)
        {
            throw new IOException(path + " is owned by uid " + uid + ", not by us (uid " + ourUid + ")");
        }
    }
}
