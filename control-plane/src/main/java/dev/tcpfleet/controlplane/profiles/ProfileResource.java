package dev.tcpfleet.controlplane.profiles;

import dev.tcpfleet.controlplane.api.QueryParams;
import dev.tcpfleet.controlplane.auth.Allowed;
import dev.tcpfleet.controlplane.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {
    private final ProfileService profiles;

    ProfileResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    /** The built-in profiles and the newest version of every stored one. */
    @Operation(summary = "The built-in profiles and the newest version of each stored one")
    @GET
    @Allowed(Role.VIEWER)
    public List<ProfileView> list() {
        return profiles.list();
    }

    @Operation(summary = "A profile's newest version")
    @GET
    @Path("/{name}")
    @Allowed(Role.VIEWER)
    public ProfileView get(@PathParam("name") String name) {
        return profiles.latest(name);
    }

    @Operation(summary = "Every version of a profile")
    @GET
    @Path("/{name}/versions")
    @Allowed(Role.VIEWER)
    public List<ProfileView> versions(@PathParam("name") String name) {
        return profiles.versions(name);
    }

    @Operation(summary = "One version of a profile")
    @GET
    @Path("/{name}/versions/{version}")
    @Allowed(Role.VIEWER)
    public ProfileView version(@PathParam("name") String name, @PathParam("version") String version) {
        return profiles.version(name, QueryParams.intInRange("version", version, 1, 1, Integer.MAX_VALUE));
    }

    /** Creates the profile (201) or adds a version when the content differs from the newest one (200). */
    @Operation(summary = "Create a profile or add a version to it")
    @APIResponse(responseCode = "201", description = "a new profile",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "200", description = "a new version, or the newest when nothing changed",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "409", description = "a built-in profile cannot be replaced")
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    public Response put(@PathParam("name") String name, ProfileRequest request, @Context UriInfo uri) {
        ProfileService.Saved saved = profiles.put(name, request);
        if (saved.revision().kind() == ProfileRevision.Kind.CREATED) {
            return Response.created(uri.getAbsolutePath()).entity(saved.profile()).build();
        }
        return Response.ok(saved.profile()).build();
    }

    /** Hides the profile; its versions stay readable under /versions. */
    @Operation(summary = "Hide a profile (its versions stay readable)")
    @APIResponse(responseCode = "204", description = "hidden")
    @APIResponse(responseCode = "409", description = "a built-in profile cannot be hidden; an automation rule uses it"
            + " (error in_use): force=true stops those automation rules and hides it")
    @DELETE
    @Path("/{name}")
    @Allowed(Role.ADMIN)
    public void delete(@PathParam("name") String name, @QueryParam("force") String force) {
        profiles.delete(name, QueryParams.bool("force", force));
    }
}
