package dev.tcpfleet.controlplane.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} gets a 413 {@link ApiError} before a byte of
 * it is kept. Left to Vert.x, the refusal is an empty 413, or a dropped connection while the client still writes;
 * here the rest of the body is read and thrown away, so the client can read the answer.
 */
@ApplicationScoped
public class BodyLimit {
    private final long maxBytes;
    private final String limit;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") String limit) {
        this.maxBytes = maxBodySize.asLongValue();
        this.limit = limit;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBytes) {
                ApiError error = new ApiError("payload_too_large", "the body is " + length + " bytes; the limit is "
                        + limit + " (quarkus.http.limits.max-body-size)", null);
                context.request().resume();
                context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Json.encode(error));
            } else {
                context.next();
            }
        });
    }
}
