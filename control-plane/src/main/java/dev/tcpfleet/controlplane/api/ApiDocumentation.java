package dev.tcpfleet.controlplane.api;

import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the generated OpenAPI document with what every endpoint shares, from the code that decides it rather
 * than from annotations repeated on each method: the bearer token, the role {@link Allowed} demands (and so the 403),
 * and the {@link ApiError} answers for a bad request, an unknown id and an oversized body. Responses a method
 * declares itself are kept, with the same error body.
 *
 * <p>Operation ids arrive as {@code package.Class_method} (see {@code quarkus.smallrye-openapi.operation-id-strategy}),
 * which is how the method is found; they leave as {@code Class_method}, short enough for client generators.
 *
 * <p>Each operation is tagged with what its resource class is about, in words ({@link #TAGS}), rather than the class
 * name the generator would show ("Alert Resource"). A class missing from the map keeps the generated tag, which
 * {@code ApiDocumentationTest} refuses.
 */
@OpenApiFilter
public class ApiDocumentation implements OASFilter {
    static final String TOKEN_SCHEME = "apiToken";
    private static final String ERROR_SCHEMA = "ApiError";
    /** Swagger UI's section names, by REST resource class. */
    private static final Map<String, String> TAGS = Map.ofEntries(
            Map.entry("HostResource", "Hosts"),
            Map.entry("HostPageResource", "Hosts"),
            Map.entry("EnrolmentResource", "Enrolment"),
            Map.entry("HostSnapshotsResource", "Host snapshots"),
            Map.entry("HostTrendsResource", "Host trends"),
            Map.entry("FleetTrendsResource", "Fleet trends"),
            Map.entry("ChangeResource", "Changes"),
            Map.entry("ProfileResource", "Profiles"),
            Map.entry("CommandResource", "Commands"),
            Map.entry("RolloutResource", "Rollouts"),
            Map.entry("CampaignResource", "Stress-test campaigns"),
            Map.entry("AlertResource", "Alerts and silences"),
            Map.entry("AlertRuleResource", "Alert rules"),
            Map.entry("AutomationResource", "Automation"),
            Map.entry("LbConfigResource", "Load balancer config"),
            Map.entry("AuditResource", "Audit trail"),
            Map.entry("TokenResource", "API tokens"),
            Map.entry("CallerResource", "API tokens"));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents()
                .addSecurityScheme(TOKEN_SCHEME, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("An API token (tf_...), made with POST /api/tokens"))
                .addSchema(ERROR_SCHEMA, recordSchema(ApiError.class));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> complete(path, method, operation)));
        TreeSet<String> tags = new TreeSet<>();
        api.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().stream()
                .filter(operation -> operation.getTags() != null).forEach(operation -> tags.addAll(operation.getTags())));
        api.setTags(tags.stream().map(name -> OASFactory.createTag().name(name)).toList());
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        Optional<Method> javaMethod = javaMethod(operation.getOperationId());
        javaMethod.ifPresent(m -> {
            String resource = m.getDeclaringClass().getSimpleName();
            operation.setOperationId(resource + "_" + m.getName());
            if (TAGS.containsKey(resource)) {
                operation.setTags(List.of(TAGS.get(resource)));
            }
        });
        if (!path.startsWith("/api/")) {
            return;
        }
        Role role = javaMethod.map(m -> m.getAnnotation(Allowed.class)).map(Allowed::value).orElse(null);
        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(TOKEN_SCHEME));
        operation.addExtension("x-tcpfleet-role", role == null ? "none" : role.apiName());
        error(operation, "401", "no API token, or one that is not in force");
        if (role != Role.VIEWER) {
            error(operation, "403", role == null ? "refused to every caller"
                    : "the token's role is below " + role.apiName());
        }
        boolean takesBody = operation.getRequestBody() != null;
        if (takesBody || (operation.getParameters() != null && !operation.getParameters().isEmpty())) {
            error(operation, "400", "a parameter or the body is invalid; the answer names the field and why");
        }
        if (path.contains("{")) {
            error(operation, "404", "nothing has that id");
        }
        if (takesBody) {
            error(operation, "413", "the body is larger than quarkus.http.limits.max-body-size");
            error(operation, "415", "the body is not application/json");
        }
        // every API request reads its token from the database; an operation's own 503s keep their text, with this one
        String unavailable = "the database is unavailable or the request met another on the same rows; "
                + (method == PathItem.HttpMethod.GET ? "try again after Retry-After"
                        : "it may have been carried out in part: look before sending it again");
        APIResponse declared = operation.getResponses() == null ? null
                : operation.getResponses().getAPIResponse("503");
        if (declared == null) {
            error(operation, "503", unavailable);
        } else {
            declared.setDescription(declared.getDescription() + "; or " + unavailable);
        }
        errorBodies(operation);
    }

    private static void error(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (!operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    /** Every error answer, the common ones and those a method declares itself, is an {@link ApiError}. */
    private static void errorBodies(Operation operation) {
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_SCHEMA))));
            }
        });
    }

    /** The REST method behind a {@code package.Class_method} id; empty for one not of this application. */
    static Optional<Method> javaMethod(String operationId) {
        if (operationId == null || operationId.indexOf('_') < 0) {
            return Optional.empty();
        }
        String className = operationId.substring(0, operationId.lastIndexOf('_'));
        String methodName = operationId.substring(operationId.lastIndexOf('_') + 1);
        try {
            Class<?> type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> m.getName().equals(methodName) && m.isAnnotationPresent(Allowed.class)).findFirst();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A schema of a record of strings and lists of such records, as the error body is. */
    private static Schema recordSchema(Class<?> record) {
        Schema schema = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT));
        for (RecordComponent component : record.getRecordComponents()) {
            schema.addProperty(component.getName(), componentSchema(component));
        }
        return schema;
    }

    private static Schema componentSchema(RecordComponent component) {
        if (component.getType() == List.class
                && component.getGenericType() instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
            return OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY)).items(recordSchema(element));
        }
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
    }
}
