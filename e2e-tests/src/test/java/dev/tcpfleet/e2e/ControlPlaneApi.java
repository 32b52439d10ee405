package dev.tcpfleet.e2e;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The admin token each control plane of these tests boots with, and requests that carry it. */
final class ControlPlaneApi {
    private static final String BOOTSTRAP_TOKEN = "tf_e2e-" + UUID.randomUUID();

    private ControlPlaneApi() {
    }

    /**
     * The control plane's settings that install the token, as an operator's TCPFLEET_AUTH_BOOTSTRAP_TOKEN does, and
     * accept the hosts holding the tests' enrol secret ({@link TestHostKeys}).
     */
    static Map<String, String> config() {
        Map<String, String> config = new HashMap<>(TestHostKeys.controlPlaneConfig());
        config.put("tcpfleet.auth.bootstrap-token", BOOTSTRAP_TOKEN);
        return Map.copyOf(config);
    }

    /** The admin token, for a test that signs in as a person would. */
    static String token() {
        return BOOTSTRAP_TOKEN;
    }

    static RequestSpecification given(String baseUrl) {
        return RestAssured.given().baseUri(baseUrl).header("Authorization", "Bearer " + BOOTSTRAP_TOKEN);
    }
}
