package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of the API: what went wrong, in words, and which field when one is to blame. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String detail, String field) {
}
