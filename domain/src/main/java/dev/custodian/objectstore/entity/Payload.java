package dev.custodian.objectstore.entity;

import java.nio.file.Path;

/**
 * Bytes on their way into the store, of a known length: held in memory when small (an upload
 * under the in-memory limit, a probe), else in the file an upload was spooled to.
 */
public sealed interface Payload permits Payload.InMemory, Payload.InFile {

    long sizeBytes();

    static Payload of(byte[] bytes) {
        return new InMemory(bytes);
    }

    static Payload of(Path file, long sizeBytes) {
        return new InFile(file, sizeBytes);
    }

    record InMemory(byte[] bytes) implements Payload {

        @Override
        public long sizeBytes() {
            return bytes.length;
        }
    }

    record InFile(Path file, long sizeBytes) implements Payload {
    }
}
