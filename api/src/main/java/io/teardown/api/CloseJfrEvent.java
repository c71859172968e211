package io.teardown.api;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The JFR form of {@link CloseEvent}. */
@Name("io.teardown.Close")
@Label("Handle Close")
@Category({"Teardown"})
@Description("A CloseHandle, closesocket, InternetCloseHandle or WlanCloseHandle call")
@StackTrace(false)
final class CloseJfrEvent extends Event {
    @Label("Handle Space")
    String space;
    @Label("Function")
    String function;
    @Label("Handle")
    long handle;
    @Label("Type")
    String type;
    @Label("Error")
    int error;
    @Label("Outcome")
    String outcome;
    @Label("Duration (ns)")
    long nanos;
}
