package dev.tcpfleet.agent;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /q/metrics} answers in the Prometheus text format unless OpenMetrics is asked for by name. Quarkus's handler
 * serves OpenMetrics to any Accept header without {@code text/plain}, curl's {@code *}{@code /*} and none included,
 * and Micrometer's OpenMetrics output does not pass {@code promtool check metrics} (an escape in a JVM meter's HELP);
 * there is no setting for it in Quarkus 3.30, so the request's header is rewritten before the handler reads it. The
 * control plane does the same (its {@code api.MetricsFormat}): the apps share no Quarkus module to hold one copy.
 */
@ApplicationScoped
public class MetricsFormat {
    void install(@Observes Router router) {
        router.routeWithRegex("/q/metrics/?").order(Integer.MIN_VALUE).handler(context -> {
            String accept = context.request().getHeader(HttpHeaders.ACCEPT);
            if (accept == null || !accept.contains("application/openmetrics-text")) {
                context.request().headers().set(HttpHeaders.ACCEPT, "text/plain");
            }
            context.next();
        });
    }
}
