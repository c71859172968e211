package io.teardown.wlan;

import java.util.UUID;

/** {@code WLAN_INTERFACE_INFO}: one wireless interface, as {@code WlanEnumInterfaces} lists it. */
public final class WLAN_INTERFACE_INFO {
    /** The interface's GUID. */
    public UUID InterfaceGuid;
    /** The adapter's description. */
    public String strInterfaceDescription;
    /** Its state, one of the {@code wlan_interface_state_*} constants of {@link WlanApi}. */
    public int isState;

    /** An empty structure. */
    public WLAN_INTERFACE_INFO() {
    }

    /** A filled structure. */
    public WLAN_INTERFACE_INFO(UUID guid, String description, int state) {
        this.InterfaceGuid = guid;
        this.strInterfaceDescription = description;
        this.isState = state;
    }

    @Override
    public String toString() {
        return "WLAN_INTERFACE_INFO[" + InterfaceGuid + ", " + strInterfaceDescription + ", state " + isState + "]";
    }
}
