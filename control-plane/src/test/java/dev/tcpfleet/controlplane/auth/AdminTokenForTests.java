package dev.tcpfleet.controlplane.auth;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every {@code @QuarkusTest}'s RestAssured requests carry the %test bootstrap admin token, unless they carry a token
 * of their own; {@code given().noFilters()} sends none.
 */
public class AdminTokenForTests implements QuarkusTestBeforeEachCallback, Filter {

    /** The %test profile's bootstrap token: an admin named {@code bootstrap}. */
    private static String secret() {
        return ConfigProvider.getConfig().getValue("tcpfleet.auth.bootstrap-token", String.class);
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith(this);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName(HttpHeaders.AUTHORIZATION)) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + secret());
        }
        return context.next(request, response);
    }
}
