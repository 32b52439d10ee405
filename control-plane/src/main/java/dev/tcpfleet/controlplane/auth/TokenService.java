package dev.tcpfleet.controlplane.auth;

import dev.tcpfleet.controlplane.errors.Refused;
import dev.tcpfleet.controlplane.ControlPlaneConfig;
import dev.tcpfleet.controlplane.errors.Choices;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Issues and revokes API tokens, and installs the bootstrap token from the configuration at start. */
@ApplicationScoped
public class TokenService {
    private static final Logger LOG = Logger.getLogger(TokenService.class);
    /** No ':', so no token can pass for automation ({@code automation:<rule>}) in the audit trail. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** Shorter configured secrets are refused: this one opens everything. */
    private static final int MIN_BOOTSTRAP_LENGTH = 32;

    private final TokenStore store;
    private final Authenticator authenticator;
    private final Optional<String> bootstrapToken;

    TokenService(TokenStore store, Authenticator authenticator, ControlPlaneConfig config) {
        this.store = store;
        this.authenticator = authenticator;
        this.bootstrapToken = config.auth().bootstrapToken();
    }

    void installBootstrap(@Observes StartupEvent start) {
        if (bootstrapToken.isPresent()) {
            String secret = bootstrapToken.get().trim();
            if (secret.length() < MIN_BOOTSTRAP_LENGTH) {
                throw new IllegalStateException("tcpfleet.auth.bootstrap-token is shorter than "
                        + MIN_BOOTSTRAP_LENGTH + " characters; make one with: openssl rand -base64 32");
            }
            if (store.putBootstrap(TokenSecrets.hash(secret))) {
                LOG.info("the bootstrap admin token was installed from tcpfleet.auth.bootstrap-token");
            }
        } else if (!store.anyActiveAdmin()) {
            LOG.warn("no admin token exists and tcpfleet.auth.bootstrap-token is unset: the API refuses every"
                    + " request until TCPFLEET_AUTH_BOOTSTRAP_TOKEN is set");
        }
    }

    public IssuedToken issue(TokenRequest request, Caller issuer) {
        if (request == null) {
            throw Refused.invalid(null, "a body {\"name\": ..., \"role\": ...} is required");
        }
        // anonymous is how the audit trail names the unauthenticated; bootstrap is the configured token's own name
        if (request.name() == null || !NAME.matcher(request.name()).matches() || request.name().equals("anonymous")
                || request.name().equals("bootstrap")) {
            throw Refused.invalid("name", "a token name is lowercase letters, digits, '.', '_' and '-', up"
                    + " to 63, and not 'anonymous' or 'bootstrap'");
        }
        Role role = Choices.of("role", request.role(), Role.class);
        String secret = TokenSecrets.generate();
        TokenView stored = store.add(request.name(), role, TokenSecrets.hash(secret), issuer.name())
                .orElseThrow(() -> Refused.conflict("name", "a token named '" + request.name()
                        + "' exists or existed; names are not reused"));
        return new IssuedToken(stored.name(), stored.role(), stored.createdAt(), stored.createdBy(), secret);
    }

    public List<TokenView> all() {
        return store.all();
    }

    /** Revokes at once here; other replicas stop accepting it within {@code tcpfleet.auth.cache-ttl}. */
    public void revoke(String name) {
        if (!store.revoke(name)) {
            throw Refused.notFound("token in force", name);
        }
        authenticator.forget(name);
    }
}
