package io.teardown.wlan;

/**
 * A network in range, as {@link WlanClient#availableNetworks} reports it ({@code WLAN_AVAILABLE_NETWORK}).
 *
 * @param ssid          the SSID
 * @param signalQuality 0 … 100
 * @param secured       whether security is enabled
 * @param connected     whether the interface is connected to it
 */
public record WlanNetwork(String ssid, int signalQuality, boolean secured, boolean connected) {
}
