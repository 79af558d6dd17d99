package dev.hvlab.core.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on files the user names, so that a bad path fails early with one clear line. */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Returns {@code file} if it is a readable regular file; otherwise throws a
     * {@link UserInputException} that names it, e.g. "kernel image 'Image' does not exist".
     *
     * @param what what the file is for, in words ("kernel image", "board config")
     */
    public static Path requireReadable(Path file, String what) {
        if (!Files.exists(file)) {
            throw new UserInputException(what + " '" + file + "' does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(what + " '" + file + "' is a directory, not a file");
        }
        if (!Files.isReadable(file)) {
            throw new UserInputException(what + " '" + file + "' is not readable");
        }
        return file;
    }

    /**
     * Returns {@code file} if it can be created or overwritten: its parent directory exists and it
     * is not itself a directory.
     */
    public static Path requireWritable(Path file, String what) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserInputException(what + " '" + file + "': directory '" + parent + "' does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UserInputException(what + " '" + file + "' is a directory, not a file");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UserInputException(what + " '" + file + "' is not writable");
        }
        return file;
    }
}
