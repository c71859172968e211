package io.teardown.wlan;

import java.util.UUID;

/**
 * A wireless interface, as {@link WlanClient#interfaces()} reports it ({@code WLAN_INTERFACE_INFO}).
 *
 * @param guid        the interface GUID
 * @param description the adapter's description
 * @param state       a {@code wlan_interface_state_*} value of {@link WlanApi}
 */
public record WlanInterface(UUID guid, String description, int state) {
}
