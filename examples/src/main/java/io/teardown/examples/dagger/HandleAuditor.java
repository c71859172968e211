package io.teardown.examples.dagger;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.kernel.Kernel32;
import io.teardown.wininet.WinInet;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.wlan.WlanApi;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The example application: it checks, through injected flat facades, that the handles it opens close
 * the way Windows closes them, and says what it saw. It never names a backend.
 */
public final class HandleAuditor {
    private final Kernel32 kernel32;
    private final Ws2_32 ws2_32;
    private final WinInet winInet;
    private final WlanApi wlanApi;

    /** Injected by Dagger. */
    @Inject
    public HandleAuditor(Kernel32 kernel32, Ws2_32 ws2_32, WinInet winInet, WlanApi wlanApi) {
        this.kernel32 = kernel32;
        this.ws2_32 = ws2_32;
        this.winInet = winInet;
        this.wlanApi = wlanApi;
    }

    /**
     * One finding.
     *
     * @param check    what was checked
     * @param expected what Windows does
     * @param observed what this backend did
     */
    public record Finding(String check, String expected, String observed) {
        /** Whether the backend did what Windows does. */
        public boolean ok() {
            return expected.equals(observed);
        }
    }

    /** Opens, duplicates and closes handles in every injected subsystem and reports each result. */
    public List<Finding> audit() {
        List<Finding> out = new ArrayList<>();
        long event = kernel32.CreateEvent(null, true, false, null);
        LongRef copy = new LongRef();
        long me = kernel32.GetCurrentProcess();
        kernel32.DuplicateHandle(me, event, me, copy, 0, false, Kernel32.DUPLICATE_SAME_ACCESS);
        out.add(new Finding("CloseHandle(original) with a duplicate open", "true", String.valueOf(kernel32.CloseHandle(event))));
        out.add(new Finding("SetEvent through the duplicate (KO-02)", "true", String.valueOf(kernel32.SetEvent(copy.value))));
        kernel32.CloseHandle(copy.value);
        boolean again = kernel32.CloseHandle(copy.value);
        out.add(new Finding("CloseHandle twice (KO-03)", "false/6", again + "/" + kernel32.GetLastError()));

        out.add(new Finding("WSAStartup(2.2)", "0", String.valueOf(ws2_32.WSAStartup((short) 0x0202, new WSAData()))));
        long s = ws2_32.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        out.add(new Finding("closesocket", "0", String.valueOf(ws2_32.closesocket(s))));
        int twice = ws2_32.closesocket(s);
        out.add(new Finding("closesocket twice (WS-03)", "-1/10038", twice + "/" + ws2_32.WSAGetLastError()));
        ws2_32.WSACleanup();

        long inet = winInet.InternetOpen("auditor", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        out.add(new Finding("InternetCloseHandle", "true", String.valueOf(winInet.InternetCloseHandle(inet))));
        boolean inetAgain = winInet.InternetCloseHandle(inet);
        out.add(new Finding("InternetCloseHandle twice (WI-08)", "false/6", inetAgain + "/" + winInet.GetLastError()));

        IntRef negotiated = new IntRef();
        LongRef client = new LongRef();
        int opened = wlanApi.WlanOpenHandle(2, null, negotiated, client);
        out.add(new Finding("WlanOpenHandle(2)", "0/2", opened + "/" + negotiated.value));
        out.add(new Finding("WlanCloseHandle", "0", String.valueOf(wlanApi.WlanCloseHandle(client.value, null))));
        out.add(new Finding("WlanCloseHandle twice (WL-03)", "6", String.valueOf(wlanApi.WlanCloseHandle(client.value, null))));
        return out;
    }
}
