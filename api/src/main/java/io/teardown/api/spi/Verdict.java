package io.teardown.api.spi;

/**
 * What selection made of one candidate: the line {@code teardown backends} and every selection error
 * print for it.
 *
 * @param name      the provider's short name ({@code "?"} for one that failed to load)
 * @param className the implementing class
 * @param module    the module it came from ({@code "unnamed"} on the class path)
 * @param priority  its priority
 * @param supported whether it can run here
 * @param reason    why it was rejected, or "chosen" / "" for the winner
 * @param chosen    whether it is the one selected
 * @param details   extra facts the provider gives ({@link BackendProvider#details()})
 */
public record Verdict(String name, String className, String module, int priority, boolean supported,
                      String reason, boolean chosen, String details) {

    /** One line: {@code netty  (io.teardown.backend.netty/…NettyWinsockProvider, priority 10): chosen}. */
    public String describe() {
        return String.format("%-7s (%s/%s, priority %d): %s%s", name, module, className, priority,
                supported ? "supported" : "unsupported",
                chosen ? ", chosen" : reason.isEmpty() ? "" : " - " + reason)
                + (details.isEmpty() ? "" : " [" + details + "]");
    }
}
