package io.tugboat.agent.streams;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** A container's log file and whether something still writes to it (a follow ends once nothing does). */
public record LogSource(Path logFile, BooleanSupplier stillWriting) {
}
