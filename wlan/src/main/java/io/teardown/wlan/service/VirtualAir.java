package io.teardown.wlan.service;

import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.WlanProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the emulated WLAN service knows about the air: its virtual interfaces, the networks in range of
 * each and the one each is connected to. The scripting side of {@link WlanService} changes it, the client
 * connections ({@link ClientConnection}) read it and connect or disconnect; the notifications that
 * follow a change are the service's to send, after this object's lock is released. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>.
 *
 * <p>Thread-safe: every method holds the model's lock for its whole change.
 */
final class VirtualAir {
    /** How a connection attempt ({@code WlanConnect}) ends. */
    enum Attempt {
        /** No interface with that GUID: {@code ERROR_NOT_FOUND}. */
        NO_INTERFACE,
        /** The network is in range: the interface is connected to it now. */
        CONNECTED,
        /** The network is not in range: the attempt fails with a notification. */
        OUT_OF_RANGE
    }

    /**
     * What a disconnect found.
     *
     * @param known whether the interface exists
     * @param was   the network it was connected to, null if none
     */
    record Disconnected(boolean known, String was) {
    }

    private final Map<UUID, VirtualInterface> interfaces = new LinkedHashMap<>();

    synchronized UUID addInterface(String description) {
        UUID guid = UUID.randomUUID();
        interfaces.put(guid, new VirtualInterface(guid, description));
        return guid;
    }

    /** Whether there was such an interface. */
    synchronized boolean removeInterface(UUID guid) {
        return interfaces.remove(guid) != null;
    }

    synchronized void addNetwork(UUID iface, String ssid, int quality, boolean secured) {
        require(iface).networks.put(ssid, new VirtualNetwork(ssid, quality, secured));
    }

    /** Takes a network out of range; whether the interface was connected to it (it is not any more). */
    synchronized boolean removeNetwork(UUID iface, String ssid) {
        VirtualInterface i = require(iface);
        i.networks.remove(ssid);
        boolean wasConnected = ssid.equals(i.connected);
        if (wasConnected) {
            i.connected = null;
        }
        return wasConnected;
    }

    /** Changes a network's quality; whether the interface is connected to it. */
    synchronized boolean setSignalQuality(UUID iface, String ssid, int quality) {
        VirtualInterface i = require(iface);
        VirtualNetwork n = i.networks.get(ssid);
        if (n == null) {
            throw new IllegalArgumentException("no network " + ssid + " on " + iface);
        }
        i.networks.put(ssid, new VirtualNetwork(ssid, quality, n.secured()));
        return ssid.equals(i.connected);
    }

    synchronized boolean knows(UUID iface) {
        return interfaces.containsKey(iface);
    }

    /** The interfaces' GUIDs, in the order they were added. */
    synchronized List<UUID> interfaces() {
        return new ArrayList<>(interfaces.keySet());
    }

    /** Writes the interface list of {@code WlanEnumInterfaces}: count, then GUID, description, state. */
    synchronized void writeInterfaces(WlanProtocol.Writer w) {
        w.putInt(interfaces.size());
        for (VirtualInterface i : interfaces.values()) {
            w.putUuid(i.guid).putString(i.description).putInt(i.connected == null
                    ? WlanApi.wlan_interface_state_disconnected : WlanApi.wlan_interface_state_connected);
        }
    }

    /**
     * Writes the network list of {@code WlanGetAvailableNetworkList} for {@code iface}: count, then SSID,
     * quality, security and flags. False (nothing written) if there is no such interface.
     */
    synchronized boolean writeNetworks(UUID iface, WlanProtocol.Writer w) {
        VirtualInterface i = interfaces.get(iface);
        if (i == null) {
            return false;
        }
        w.putInt(i.networks.size());
        for (VirtualNetwork n : i.networks.values()) {
            int flags = WlanApi.WLAN_AVAILABLE_NETWORK_HAS_PROFILE
                    | (n.ssid().equals(i.connected) ? WlanApi.WLAN_AVAILABLE_NETWORK_CONNECTED : 0);
            w.putString(n.ssid()).putInt(n.quality()).putBool(n.secured()).putInt(flags);
        }
        return true;
    }

    /** Connects {@code iface} to {@code ssid} if it is in range. */
    synchronized Attempt connect(UUID iface, String ssid) {
        VirtualInterface i = interfaces.get(iface);
        if (i == null) {
            return Attempt.NO_INTERFACE;
        }
        if (!i.networks.containsKey(ssid)) {
            return Attempt.OUT_OF_RANGE;
        }
        i.connected = ssid;
        return Attempt.CONNECTED;
    }

    /** Disconnects {@code iface}. */
    synchronized Disconnected disconnect(UUID iface) {
        VirtualInterface i = interfaces.get(iface);
        if (i == null) {
            return new Disconnected(false, null);
        }
        String was = i.connected;
        i.connected = null;
        return new Disconnected(true, was);
    }

    private VirtualInterface require(UUID iface) {
        VirtualInterface i = interfaces.get(iface);
        if (i == null) {
            throw new IllegalArgumentException("no interface " + iface);
        }
        return i;
    }

    /** A virtual wireless adapter. Guarded by the model's lock. */
    private static final class VirtualInterface {
        final UUID guid;
        final String description;
        final Map<String, VirtualNetwork> networks = new LinkedHashMap<>();
        String connected;

        VirtualInterface(UUID guid, String description) {
            this.guid = guid;
            this.description = description;
        }
    }

    /** A network in range of an interface. */
    private record VirtualNetwork(String ssid, int quality, boolean secured) {
    }
}
