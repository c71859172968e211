package io.teardown.backend.windows.hardening;

import io.teardown.testkit.hardening.FlatFuzzContract;

/** The flat fuzzer (every function of every facade, hostile arguments, four threads) on the native backend; skipped, with the reason, off Windows. */
class NativeFlatFuzzTest extends FlatFuzzContract {
}
