package io.teardown.kernel.engine;

import io.teardown.api.handle.Closer;

/**
 * An opened registry key ({@code RegOpenKeyEx}): a kernel handle of type "Key" that must be closed with
 * {@code RegCloseKey}. {@code CloseHandle} on it returns TRUE, closes nothing and reports no error, as
 * the {@code CloseHandle} reference page says (KO-09).
 */
final class RegistryKeyObject extends KernelObject {
    final Registry.Node node;

    RegistryKeyObject(Registry.Node node) {
        this.node = node;
    }

    @Override
    String typeName() {
        return "Key";
    }

    @Override
    Closer closer() {
        return Closer.REG_CLOSE_KEY;
    }
}
