package io.teardown.wlan;

/**
 * {@code WLAN_NOTIFICATION_CALLBACK}: receives the notifications registered with
 * {@code WlanRegisterNotification}. Runs on the client session's callback thread, one notification at a
 * time, never on an I/O thread and never under a library lock. {@code WlanCloseHandle} waits for a
 * running callback (WL-06); calling it for the same session from inside the callback is refused with
 * {@code ERROR_POSSIBLE_DEADLOCK} (WL-07).
 */
@FunctionalInterface
public interface WLAN_NOTIFICATION_CALLBACK {
    /**
     * One notification.
     *
     * @param data    the notification
     * @param context the {@code pCallbackContext} given to {@code WlanRegisterNotification}
     */
    void callback(WLAN_NOTIFICATION_DATA data, Object context);
}
