package io.teardown.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** Close events reach JDK Flight Recorder as {@code io.teardown.Close}. */
class CloseJfrEventTest {
    @Test
    void closeEventsAreRecordedByFlightRecorder() throws Exception {
        Path file = Files.createTempFile("teardown", ".jfr");
        try (Session s = Session.open(); Recording r = new Recording()) {
            r.enable("io.teardown.Close");
            r.start();
            assertTrue(s.closeEvents().enabled(), "a recording makes emission worthwhile");
            s.closeEvents().emit(HandleSpace.KERNEL, "closesocket", 0x44, "Socket", 10038, CloseEvent.Outcome.INVALID, System.nanoTime());
            r.stop();
            r.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("io.teardown.Close")).toList();
            assertEquals(1, events.size());
            RecordedEvent e = events.get(0);
            assertEquals("closesocket", e.getString("function"));
            assertEquals(0x44, e.getLong("handle"));
            assertEquals(10038, e.getInt("error"));
            assertEquals("KERNEL", e.getString("space"));
            assertEquals("invalid", e.getString("outcome"), "recorded as the outcome's word");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
