package dev.tcpfleet.controlplane.audit;

import dev.tcpfleet.controlplane.auth.CurrentCaller;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every POST, PUT and DELETE of the API with a valid token lands in the audit trail with who sent it and how it
 * ended, refusals included. The request is taken before the access check, so a forbidden one is recorded with its
 * body too. Requests without a valid token are counted in aggregate instead ({@link RefusalAudit}).
 */
public class RequestAuditFilter {
    private static final Logger LOG = Logger.getLogger(RequestAuditFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "DELETE");
    private static final String PROPERTY = AuditedRequest.class.getName();
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)");

    private static final int UNAUTHORIZED = 401;

    private final AuditLog log;
    private final RefusalAudit refusals;
    private final CurrentCaller caller;

    RequestAuditFilter(AuditLog log, RefusalAudit refusals, CurrentCaller caller) {
        this.log = log;
        this.refusals = refusals;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void take(ContainerRequestContext request, ResourceInfo resource) throws IOException {
        if (!MUTATING.contains(request.getMethod())) {
            return;
        }
        String route = route(resource.getResourceClass(), resource.getResourceMethod());
        Map<String, String> params = new LinkedHashMap<>();
        Matcher names = PARAM.matcher(route);
        while (names.find()) {
            params.put(names.group(1), request.getUriInfo().getPathParameters().getFirst(names.group(1)));
        }
        // Only the first bytes are read here; the rest stays in the stream for the resource.
        InputStream original = request.getEntityStream();
        byte[] head = original.readNBytes(AuditedRequest.MAX_BODY + 1);
        boolean truncated = head.length > AuditedRequest.MAX_BODY;
        request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), original));
        request.setProperty(PROPERTY, new AuditedRequest(request.getMethod(), route,
                request.getUriInfo().getPath(), params, request.getUriInfo().getRequestUri().getRawQuery(),
                truncated ? Arrays.copyOf(head, AuditedRequest.MAX_BODY) : head, truncated));
    }

    /**
     * A request refused for want of a valid token (only the access filter answers 401), whatever its method, is
     * counted for {@link RefusalAudit}'s aggregate; any other mutating request gets an entry of its own.
     */
    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource,
            HttpServerRequest http) {
        if (response.getStatus() == UNAUTHORIZED && resource.getResourceMethod() != null) {
            SocketAddress source = http.remoteAddress();
            refusals.count(source == null ? "unknown" : source.hostAddress(),
                    request.getMethod() + " " + route(resource.getResourceClass(), resource.getResourceMethod()));
            return;
        }
        if (request.getProperty(PROPERTY) instanceof AuditedRequest audited) {
            int status = response.getStatus();
            try {
                log.record(caller.actor(), audited.action(), audited.target(response.getLocation()),
                        audited.detail(status, response.getEntity()),
                        AuditedRequest.outcome(status, response.getEntity()));
            } catch (RuntimeException e) {
                // the change is made and answered; losing its entry must not turn that into an error
                LOG.errorf(e, "could not audit %s by %s (%d)", audited.action(), caller.actor(), status);
            }
        }
    }

    /** The method's route template, e.g. {@code /api/rollouts/{id}/abort}. */
    public static String route(Class<?> resource, Method method) {
        Path base = resource.getAnnotation(Path.class);
        Path sub = method.getAnnotation(Path.class);
        String route = (base == null ? "" : base.value()) + (sub == null ? "" : "/" + sub.value());
        return route.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }
}
