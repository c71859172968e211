package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.spi.ResolvedHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File mappings for the engine driver: {@code CreateFileMapping}, {@code MapViewOfFile},
 * {@code UnmapViewOfFile} over real memory-mapped files; views outlive the mapping's handle (KO-07).
 * See docs/kernel-objects.md.
 */
final class MappingApi extends EngineCalls {
    private static final long ALLOCATION_GRANULARITY = 65536;

    MappingApi(Engine engine) {
        super(engine);
    }

    // ---------------- file mappings (KO-07) ----------------

    long createFileMapping(ResolvedHandle hFile, SecurityAttributes sa, int protect, int maxHigh, int maxLow, String name) {
        boolean inherit = sa != null && sa.bInheritHandle;
        boolean writable = (protect & 0xFF) == Kernel32.PAGE_READWRITE || (protect & 0xFF) == 0x40;
        long max = (Integer.toUnsignedLong(maxHigh) << 32) | Integer.toUnsignedLong(maxLow);
        if (max < 0) {
            // more than 2^63 bytes: no section that big can be backed; a Java file position cannot even
            // name it (FileChannel threw IllegalArgumentException here, found by the flat fuzzer)
            error(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        FileObject file = null;
        if (hFile != null) {
            file = use(hFile, FileObject.class, 0);
            if (file == null) {
                return 0;
            }
        } else if (max == 0) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        try {
            if (file != null && writable && !file.writable) {
                error(Win32Error.ERROR_ACCESS_DENIED);
                return 0;
            }
            FileObject f = file;
            int[] err = new int[1];
            java.util.function.Supplier<KernelObject> factory = () -> makeMapping(f, max, writable, err);
            if (name != null && !name.isEmpty()) {
                // The factory cannot fail inside the namespace, so build first, then publish.
                KernelObject made = factory.get();
                if (made == null) {
                    error(err[0]);
                    return 0;
                }
                String filed = Namespace.normalize(name);
                Namespace.Created c = filed == null ? null
                        : engine.namespace.createOrOpen(filed, MappingObject.class, () -> made);
                if (c == null) {
                    made.pin();
                    made.dereference();
                    error(filed == null ? 3 : 6);
                    return 0;
                }
                if (c.object() != made) {
                    made.pin();
                    made.dereference(); // an existing mapping won: release ours
                }
                long v = engine.insert(c.object(), Kernel32.FILE_MAP_ALL_ACCESS, inherit);
                error(c.existed() ? 183 : 0);
                return v;
            }
            KernelObject m = factory.get();
            if (m == null) {
                error(err[0]);
                return 0;
            }
            long v = engine.open(m, Kernel32.FILE_MAP_ALL_ACCESS, inherit);
            error(Win32Error.ERROR_SUCCESS);
            return v;
        } finally {
            if (file != null) {
                file.dereference();
            }
        }
    }

    private MappingObject makeMapping(FileObject file, long max, boolean writable, int[] err) {
        try {
            if (file == null) {
                Path temp = Files.createTempFile("teardown-section-", ".map");
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
                ch.write(ByteBuffer.wrap(new byte[1]), max - 1);
                return new MappingObject(null, ch, temp, max, true);
            }
            long size = file.channel.size();
            if (max == 0 && size == 0) {
                err[0] = 1006; // ERROR_FILE_INVALID: an empty file cannot be mapped
                return null;
            }
            if (max > size) {
                if (!writable) {
                    err[0] = 8; // STATUS_SECTION_TOO_BIG: a read-only section cannot grow the file
                    return null;
                }
                file.channel.write(ByteBuffer.wrap(new byte[1]), max - 1);
                size = max;
            }
            return new MappingObject(file, file.channel, null, max == 0 ? size : max, writable);
        } catch (IOException e) {
            err[0] = 5;
            return null;
        }
    }

    ByteBuffer mapViewOfFile(ResolvedHandle h, int access, int offHigh, int offLow, long bytes) {
        MappingObject m = use(h, MappingObject.class, 0);
        if (m == null) {
            return null;
        }
        boolean write = (access & (Kernel32.FILE_MAP_WRITE | 0xF001F)) == Kernel32.FILE_MAP_WRITE
                || (access & 0xF001F) == 0xF001F;
        try {
            long offset = (Integer.toUnsignedLong(offHigh) << 32) | Integer.toUnsignedLong(offLow);
            if (offset % ALLOCATION_GRANULARITY != 0) {
                error(Win32Error.ERROR_MAPPED_ALIGNMENT);
                return null;
            }
            if (write && !m.writable) {
                error(Win32Error.ERROR_ACCESS_DENIED);
                return null;
            }
            long length = bytes == 0 ? m.size - offset : bytes;
            if (length <= 0 || offset + length > m.size || length > Integer.MAX_VALUE) {
                error(Win32Error.ERROR_NOT_ENOUGH_MEMORY); // ERROR_NOT_ENOUGH_MEMORY, as Windows reports a view past the section
                return null;
            }
            MappedByteBuffer view = m.map(offset, length, write);
            m.reference(); // the view's own pointer (KO-07)
            engine.views.put(view, m);
            return view;
        } catch (IOException e) {
            error(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
            return null;
        } finally {
            m.dereference();
        }
    }

    boolean unmapViewOfFile(ByteBuffer view) {
        MappingObject m = view == null ? null : engine.views.remove(view);
        if (m == null) {
            error(Win32Error.ERROR_INVALID_ADDRESS);
            return false;
        }
        if (view instanceof MappedByteBuffer mb && m.writable && !mb.isReadOnly()) {
            mb.force();
        }
        m.dereference();
        return true;
    }
}
