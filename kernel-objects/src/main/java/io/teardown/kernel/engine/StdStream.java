package io.teardown.kernel.engine;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * A standard handle ({@code GetStdHandle}, KO-04): the JVM's own stdin, stdout or stderr. Closing the
 * handle takes it out of the session (GetStdHandle then returns NULL) but never closes the JVM's file
 * descriptor, which other code still uses. Type {@code "File"}, as console handles are on Windows 8+.
 * Reads go through the session's one {@link StdinReader}, so a blocked {@code ReadFile} here is ended by
 * {@code CancelSynchronousIo} and by the session's close with {@code ERROR_OPERATION_ABORTED} (KO-10).
 */
final class StdStream extends IoObject {
    private final int which;
    private final boolean standard;
    private final FileOutputStream out;

    StdStream(int which, boolean standard) {
        this.which = which;
        this.standard = standard;
        this.out = new FileOutputStream(which == -12 ? FileDescriptor.err : FileDescriptor.out);
    }

    /** Whether this is one of the process's standard handles (not a leak when left open), not a CONIN$/CONOUT$ open. */
    boolean standard() {
        return standard;
    }

    @Override
    String typeName() {
        return "File";
    }

    @Override
    int read(byte[] buffer, int n, Engine engine) throws IoFailure {
        if (which != -10) {
            throw new IoFailure(5, "standard output is not readable");
        }
        return StdinReader.of(engine.session).read(buffer, n, engine);
    }

    @Override
    int write(byte[] buffer, int n, Engine engine) throws IoFailure {
        if (which == -10) {
            throw new IoFailure(5, "standard input is not writable");
        }
        try {
            out.write(buffer, 0, n);
            out.flush();
            return n;
        } catch (IOException e) {
            throw new IoFailure(232, e.toString());
        }
    }
}
