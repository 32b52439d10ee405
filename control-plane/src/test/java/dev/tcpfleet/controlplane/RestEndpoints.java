package dev.tcpfleet.controlplane;

import dev.tcpfleet.controlplane.audit.RequestAuditFilter;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Every REST method of the control plane, found on the compiled classes, so tables of endpoints cannot miss one. */
public final class RestEndpoints {
    private RestEndpoints() {
    }

    /** One REST method: {@code verb route} is how tables name it, e.g. {@code PUT /api/profiles/{name}}. */
    public record Endpoint(String verb, String route, Class<?> resource, Method method) {
        public String name() {
            return verb + " " + route;
        }

        public boolean takesQueryParameters() {
            return Arrays.stream(method.getParameters()).anyMatch(p -> p.isAnnotationPresent(QueryParam.class));
        }
    }

    public static List<Endpoint> all() {
        return resourceClasses().stream().flatMap(resource -> Arrays.stream(resource.getDeclaredMethods())
                .map(method -> {
                    String verb = httpMethod(method);
                    return verb == null ? null : new Endpoint(verb, RequestAuditFilter.route(resource, method), resource,
                            method);
                })
                .filter(Objects::nonNull)).toList();
    }

    private static String httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(Objects::nonNull).map(HttpMethod::value).findFirst().orElse(null);
    }

    /** The classes with {@code @Path} among the control plane's compiled main classes. */
    private static List<Class<?>> resourceClasses() {
        try {
            var root = Paths.get(RequestAuditFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<java.nio.file.Path> files = Files.walk(root)) {
                return files.map(f -> root.relativize(f).toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$"))
                        .<Class<?>>map(f -> load(f.substring(0, f.length() - ".class".length()).replace('/', '.')))
                        .filter(c -> c.isAnnotationPresent(Path.class))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RestEndpoints.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
