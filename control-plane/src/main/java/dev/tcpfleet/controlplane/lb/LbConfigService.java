package dev.tcpfleet.controlplane.lb;

import dev.tcpfleet.controlplane.api.JsonShape;
import dev.tcpfleet.controlplane.errors.FieldError;
import dev.tcpfleet.controlplane.errors.Refused;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.tcpfleet.controlplane.api.ApiError;
import dev.tcpfleet.controlplane.history.SnapshotStore;
import dev.tcpfleet.controlplane.hosts.HostRegistry;
import dev.tcpfleet.controlplane.hosts.HostSelector;
import dev.tcpfleet.domain.lb.Backend;
import dev.tcpfleet.domain.lb.HostKernel;
import dev.tcpfleet.domain.lb.InvalidLbSpecException;
import dev.tcpfleet.domain.lb.KernelCheck;
import dev.tcpfleet.domain.lb.KernelWarning;
import dev.tcpfleet.domain.lb.LbSpec;
import dev.tcpfleet.domain.sysctl.SysctlCatalogue;
import dev.tcpfleet.protocol.HostSnapshot;
import dev.tcpfleet.protocol.ListenerQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Turns a request into a spec, renders it and checks it against the kernels of the hosts involved. */
@ApplicationScoped
public class LbConfigService {
    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::");

    private final HostRegistry hosts;
    private final SnapshotStore snapshots;
    // The API's mapper, which refuses unknown fields: a misspelt "maxConn" would otherwise render the default.
    private final ObjectReader reader;

    LbConfigService(HostRegistry hosts, SnapshotStore snapshots, ObjectMapper mapper) {
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.reader = mapper.readerFor(LbConfigRequest.class);
    }

    /** The backends and, for those that are registered hosts, their latest snapshots. */
    private record Selection(List<Backend> backends, List<HostSnapshot> hosts) {
    }

    LbConfigView render(JsonNode body, Function<LbSpec, String> renderer) {
        LbConfigRequest request = read(body);
        Selection selection = select(request);
        LbSpec spec = spec(request, selection.backends());
        List<KernelWarning> warnings = new ArrayList<>();
        HostKernel balancer = request.lbHostId() == null ? null : balancer(request.lbHostId(), warnings);
        warnings.addAll(KernelCheck.check(spec, balancer,
                selection.hosts().stream().map(LbConfigService::kernel).toList()));
        return new LbConfigView(renderer.apply(spec), warnings.stream().map(LbConfigView.Warning::of).toList());
    }

    /** The balancer's host's kernel, or null with a warning when it has no snapshot to read it from. */
    private HostKernel balancer(String lbHostId, List<KernelWarning> warnings) {
        if (hosts.find(lbHostId).isEmpty()) {
            throw Refused.invalid("lbHostId", "host '" + lbHostId + "' is not registered: it has never sent"
                    + " a snapshot; leave lbHostId out when the balancer runs on no registered host");
        }
        Optional<HostSnapshot> latest = snapshots.latestSnapshot(lbHostId);
        if (latest.isEmpty()) {
            warnings.add(new KernelWarning(lbHostId, null, "has no stored snapshot, so its kernel was not checked"));
        }
        return latest.map(LbConfigService::kernel).orElse(null);
    }

    private LbConfigRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Refused.invalid(null, "a JSON object is required: {\"backends\": [\"10.0.0.1:8080\", ...]}"
                    + " or {\"selector\": {\"labels\": \"role=api\"}, \"port\": 8080}, with optional settings");
        }
        try {
            return reader.readValue(body);
        } catch (JsonMappingException e) {
            throw JsonShape.refusal(e);
        } catch (IOException e) {
            throw Refused.invalid(null, "the body cannot be read: " + e.getMessage());
        }
    }

    /** Where the request's backends come from: an explicit list, or the hosts a selector matches, on one port. */
    private Selection select(LbConfigRequest request) {
        boolean explicit = request.backends() != null;
        boolean selected = request.selector() != null;
        if (explicit == selected) {
            throw Refused.invalid(explicit ? "selector" : "backends", "give either backends, a list of"
                    + " host:port, or a selector with a port, " + (explicit ? "not both" : "one of them is required"));
        }
        if (explicit) {
            if (request.port() != null) {
                throw Refused.invalid("port", "port goes with selector; each of backends carries its own");
            }
            return new Selection(parse(request.backends()), List.of());
        }
        int port = backendPort(request);
        HostSelector.Selection selection = hosts.select("selector", request.selector(), hosts.all());
        if (!selection.unknown().isEmpty()) {
            throw Refused.invalid("selector", "host '" + selection.unknown().get(0) + "' is not registered:"
                    + " it has never sent a snapshot");
        }
        List<String> ids = selection.selected();
        if (ids.isEmpty() || ids.size() > LbSpec.MAX_BACKENDS) {
            throw Refused.invalid("selector", "the selector must match 1 to " + LbSpec.MAX_BACKENDS
                    + " hosts that report, not " + ids.size()
                    + (selection.stale().isEmpty() ? "" : " (" + selection.stale().size() + " stale left out)"));
        }
        List<Backend> backends = new ArrayList<>();
        List<HostSnapshot> latest = new ArrayList<>();
        for (String id : ids) {
            HostSnapshot snapshot = snapshots.latestSnapshot(id).orElseThrow(() -> Refused.invalid("selector",
                    "host '" + id + "' has no stored snapshot to take its address from"));
            backends.add(address(snapshot, port));
            latest.add(snapshot);
        }
        return new Selection(backends, latest);
    }

    private static int backendPort(LbConfigRequest request) {
        if (request.port() == null || request.port() < 1 || request.port() > 65535) {
            throw Refused.invalid("port", "port is required with selector: the backends' port, 1 to 65535");
        }
        return request.port();
    }

    private static List<Backend> parse(List<String> texts) {
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                backends.add(Backend.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw Refused.invalid("backends[" + i + "]", "backends[" + i + "] " + e.getMessage());
            }
        }
        return backends;
    }

    /**
     * Where a balancer reaches the host's listener on {@code port}: the address it is bound to, or for a listener
     * on every address (0.0.0.0, ::) the first the host reports as its own, IPv4 for 0.0.0.0.
     */
    private static Backend address(HostSnapshot snapshot, int port) {
        String hostId = snapshot.host().hostId();
        List<String> bound = snapshot.listeners().stream().filter(l -> l.port() == port)
                .map(ListenerQueue::address).filter(a -> a != null && !a.startsWith("127.") && !a.equals("::1"))
                .sorted(Comparator.comparing((String a) -> a.contains(":")).thenComparing(Comparator.naturalOrder()))
                .toList();
        Optional<String> address = bound.stream().filter(a -> !ANY_ADDRESS.contains(a)).findFirst()
                .or(() -> bound.stream().filter(ANY_ADDRESS::contains).findFirst().flatMap(any ->
                        snapshot.addresses().stream().filter(a -> any.equals("::") || !a.contains(":")).findFirst()));
        if (address.isEmpty()) {
            throw Refused.invalid("selector", "host '" + hostId + "' reports no address for port " + port
                    + ": its latest snapshot shows no listener on that port reachable from elsewhere, or none of"
                    + " its own addresses to reach one on 0.0.0.0 or :: by; list it in backends as address:"
                    + port + " instead");
        }
        try {
            return new Backend(address.get(), port);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("selector", "host '" + hostId + "' reported an address that "
                    + e.getMessage());
        }
    }

    private static LbSpec spec(LbConfigRequest request, List<Backend> backends) {
        try {
            return LbSpec.builder().backends(backends)
                    .bindAddress(request.bindAddress()).bindPort(request.bindPort())
                    .maxconn(request.maxconn()).backlog(request.backlog())
                    .connectTimeoutMs(request.connectTimeoutMs()).clientTimeoutMs(request.clientTimeoutMs())
                    .serverTimeoutMs(request.serverTimeoutMs())
                    .clientKeepaliveTimeoutMs(request.clientKeepaliveTimeoutMs())
                    .healthPath(request.healthPath()).checkIntervalMs(request.checkIntervalMs())
                    .checkTimeoutMs(request.checkTimeoutMs()).retries(request.retries())
                    .maxFails(request.maxFails()).failTimeoutMs(request.failTimeoutMs())
                    .keepalivePool(request.keepalivePool()).keepaliveRequests(request.keepaliveRequests())
                    .keepaliveTimeoutMs(request.keepaliveTimeoutMs())
                    .build();
        } catch (InvalidLbSpecException e) {
            // two hosts can resolve to one address: the duplicate is then the selector's doing
            String backendsField = request.selector() != null ? "selector" : "backends";
            throw Refused.invalid(e.violations().stream()
                    .map(v -> new FieldError(v.field().replaceFirst("^backends(\\[\\d+\\])?", backendsField),
                            v.message()))
                    .toList());
        }
    }

    /**
     * The sysctls a snapshot carries, with the port range and the file handle limit filled in from the figures
     * the agent reports beside them when the sysctls lack them.
     */
    private static HostKernel kernel(HostSnapshot snapshot) {
        Map<String, String> sysctls = new HashMap<>(snapshot.sysctls());
        if (snapshot.ephemeralPorts() != null) {
            sysctls.putIfAbsent(SysctlCatalogue.IP_LOCAL_PORT_RANGE,
                    snapshot.ephemeralPorts().rangeLow() + " " + snapshot.ephemeralPorts().rangeHigh());
        }
        if (snapshot.limits() != null && snapshot.limits().filesMax() != null) {
            sysctls.putIfAbsent(KernelCheck.FILE_MAX, snapshot.limits().filesMax().toString());
        }
        return new HostKernel(snapshot.host().hostId(), sysctls);
    }
}
