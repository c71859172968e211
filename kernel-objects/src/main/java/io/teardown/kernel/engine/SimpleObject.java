package io.teardown.kernel.engine;

/**
 * An object whose only observable behaviour is its handle count and type: an access token
 * ({@code OpenProcessToken}). It can be created, duplicated, compared and closed (KO-05).
 */
final class SimpleObject extends KernelObject {
    private final String typeName;
    final Object subject;

    SimpleObject(String typeName, Object subject) {
        this.typeName = typeName;
        this.subject = subject;
    }

    @Override
    String typeName() {
        return typeName;
    }
}
