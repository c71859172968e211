package io.teardown.kernel.engine;

/** A read or write that failed with a Windows error number (thrown inside the engine only). */
final class IoFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final int code;

    IoFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
