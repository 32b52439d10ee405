package dev.tcpfleet.domain.lb;

/**
 * Why a load-balancer spec cannot be rendered.
 *
 * @param field  the spec's field at fault, as the API names it ({@code bindPort}, {@code backends[2]})
 * @param reason why, worded to follow the field
 */
public record SpecViolation(String field, String reason) {

    public String message() {
        return field + " " + reason;
    }
}
