package dev.tcpfleet.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tcpfleet.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes read into the typed model a Kubernetes client uses (fabric8), every field known to it, and the
 * fields that matter checked against what the apps and {@link LeastPrivilegeIT} say they need.
 */
class KubernetesManifestsTest {
    private static final Path MANIFESTS = RepoPaths.root().resolve("deploy/kubernetes");
    private static final List<String> HEALTH_CHECKS = List.of("started", "live", "ready");

    private static List<HasMetadata> resources;

    @BeforeAll
    static void parse() throws IOException {
        resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---$")) {
                    if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                        continue;
                    }
                    Object parsed = Serialization.unmarshal(document);
                    String where = file.getFileName() + ": " + parsed.getClass().getSimpleName();
                    assertTrue(parsed instanceof HasMetadata && !(parsed instanceof GenericKubernetesResource),
                            where + " is no kind the Kubernetes API model knows");
                    assertNoUnknownFields(parsed, where);
                    resources.add((HasMetadata) parsed);
                }
            }
        }
    }

    @Test
    void theAgentHasTheProvenCapabilitiesNotPrivilegeAndSeesTheHost() {
        DaemonSet agent = one(DaemonSet.class, "tcpfleet-agent");
        PodSpec pod = agent.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        SecurityContext security = container.getSecurityContext();

        assertAll(
                () -> assertTrue(pod.getHostPID(), "hostPID"),
                () -> assertTrue(pod.getHostNetwork(), "hostNetwork"),
                () -> assertFalse(security.getPrivileged(), "privileged: false, said"),
                () -> assertFalse(security.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation"),
                () -> assertEquals(AgentPrivileges.containerNames(), security.getCapabilities().getAdd()),
                () -> assertEquals(List.of("ALL"), security.getCapabilities().getDrop()),
                () -> assertNull(pod.getSecurityContext(), "no pod-wide security context to widen it"),
                () -> assertEquals("/var/lib/tcpfleet-agent", hostPathAt(pod, container, env(container,
                        "TCPFLEET_AGENT_STATE_DIR"))),
                () -> assertEquals("/etc/sysctl.d", hostPathAt(pod, container, "/etc/sysctl.d")),
                () -> assertEquals("/proc/sys/net", hostPathAt(pod, container,
                        env(container, "TCPFLEET_AGENT_PROC_SYS_ROOT") + "/net")),
                () -> assertProbesOnHealth(container, "host-agent"),
                () -> assertTrue(container.getResources().getLimits().containsKey("memory"), "memory limit"));
    }

    @Test
    void theControlPlaneRunsTwiceWithoutCapabilitiesAndABudgetForItsLabels() {
        Deployment controlPlane = one(Deployment.class, "tcpfleet-control-plane");
        PodDisruptionBudget budget = one(PodDisruptionBudget.class, "tcpfleet-control-plane");
        Container container = controlPlane.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> podLabels = controlPlane.getSpec().getTemplate().getMetadata().getLabels();

        assertAll(
                () -> assertEquals(2, controlPlane.getSpec().getReplicas()),
                () -> assertEquals(controlPlane.getSpec().getSelector(), budget.getSpec().getSelector()),
                () -> assertTrue(podLabels.entrySet().containsAll(
                        budget.getSpec().getSelector().getMatchLabels().entrySet()), "the budget selects the pods"),
                () -> assertEquals(1, budget.getSpec().getMinAvailable().getIntVal()),
                () -> assertTrue(controlPlane.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()),
                () -> assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop()),
                () -> assertEquals(List.of(), container.getSecurityContext().getCapabilities().getAdd()),
                () -> assertProbesOnHealth(container, "control-plane"),
                () -> assertTrue(container.getResources().getLimits().containsKey("memory"), "memory limit"));
    }

    @Test
    void everySecretAPodReadsIsDeclaredWithThatKey() {
        Set<String> declared = new TreeSet<>();
        resources.stream().filter(Secret.class::isInstance).map(Secret.class::cast).forEach(secret -> {
            Set<String> keys = new TreeSet<>();
            keys.addAll(secret.getStringData() == null ? Set.of() : secret.getStringData().keySet());
            keys.addAll(secret.getData() == null ? Set.of() : secret.getData().keySet());
            keys.forEach(key -> declared.add(secret.getMetadata().getNamespace() + "/"
                    + secret.getMetadata().getName() + "/" + key));
        });
        List<String> read = new ArrayList<>();
        for (HasMetadata resource : resources) {
            PodSpec pod = resource instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
                    : resource instanceof DaemonSet d ? d.getSpec().getTemplate().getSpec() : null;
            if (pod == null) {
                continue;
            }
            pod.getContainers().stream().flatMap(c -> c.getEnv().stream())
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .map(e -> e.getValueFrom().getSecretKeyRef())
                    .forEach(ref -> read.add(resource.getMetadata().getNamespace() + "/" + ref.getName() + "/"
                            + ref.getKey()));
        }

        assertTrue(read.contains("tcpfleet/tcpfleet-control-plane/bootstrap-token"), read.toString());
        assertTrue(read.contains("tcpfleet/tcpfleet-control-plane/signing-key"), read.toString());
        assertTrue(read.contains("tcpfleet/tcpfleet-agent/command-public-key"), read.toString());
        assertTrue(declared.containsAll(read), "read " + read + ", declared " + declared);
    }

    /** Each probe on the container's port that is the app's HTTP port, at the app's own health path. */
    private static void assertProbesOnHealth(Container container, String module) throws IOException {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(RepoPaths.root().resolve(module
                + "/src/main/resources/application.properties"))) {
            config.load(in);
        }
        String health = path(config.getProperty("quarkus.http.root-path", "/"),
                config.getProperty("quarkus.http.non-application-root-path", "q"),
                config.getProperty("quarkus.smallrye-health.root-path", "health"));
        int port = Integer.parseInt(config.getProperty("quarkus.http.port", "8080"));
        assertTrue(Files.readString(RepoPaths.root().resolve(module + "/pom.xml")).contains(
                "<artifactId>quarkus-smallrye-health</artifactId>"), module + " serves health checks");
        List<Probe> probes = List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe());
        for (int i = 0; i < probes.size(); i++) {
            Probe probe = probes.get(i);
            String portName = probe.getHttpGet().getPort().getStrVal();
            int probed = container.getPorts().stream().filter(p -> p.getName().equals(portName)).findFirst()
                    .orElseThrow(() -> new AssertionError(module + ": no port named " + portName))
                    .getContainerPort();
            assertEquals(health + "/" + HEALTH_CHECKS.get(i), probe.getHttpGet().getPath(), module);
            assertEquals(port, probed, module + "'s quarkus.http.port");
        }
    }

    private static String path(String root, String nonApplication, String health) {
        String base = nonApplication.startsWith("/") ? nonApplication : (root.endsWith("/") ? root : root + "/")
                + nonApplication;
        return base + "/" + health;
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    /** The host path of the volume mounted at {@code mountPath}. */
    private static String hostPathAt(PodSpec pod, Container container, String mountPath) {
        String volume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath))
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly())).map(VolumeMount::getName).findFirst()
                .orElseThrow(() -> new AssertionError("nothing writable mounted at " + mountPath));
        return pod.getVolumes().stream().filter(v -> v.getName().equals(volume)).map(Volume::getHostPath)
                .findFirst().orElseThrow().getPath();
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + name);
        return found.get(0);
    }

    /**
     * The model keeps a field it does not know in additionalProperties instead of failing: a misspelt or misplaced
     * field (a probe under the pod, not the container) would be dropped silently by the API server.
     */
    private static void assertNoUnknownFields(Object node, String where) {
        if (node instanceof Collection<?> items) {
            items.forEach(item -> assertNoUnknownFields(item, where));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> assertNoUnknownFields(value, where));
            return;
        }
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (!getter.getName().startsWith("get") || getter.getParameterCount() > 0
                    || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // not a field's getter
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    fail(where + ": fields unknown to " + node.getClass().getSimpleName() + ": " + unknown.keySet());
                }
            } else {
                assertNoUnknownFields(value, where);
            }
        }
    }
}
