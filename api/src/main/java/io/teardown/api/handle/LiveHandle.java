package io.teardown.api.handle;

import java.util.Optional;

/**
 * A snapshot of one open handle, for leak reports and diagnostics.
 *
 * @param value  the handle value as the caller saw it
 * @param entry  what the slot holds
 * @param origin where the handle was opened, when origins are recorded (strict or paranoid mode)
 * @param <E>    the table's entry type
 */
public record LiveHandle<E extends HandleEntry>(long value, E entry, Optional<Throwable> origin) {
}
