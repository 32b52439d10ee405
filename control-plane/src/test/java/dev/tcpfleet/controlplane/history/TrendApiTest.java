package dev.tcpfleet.controlplane.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.controlplane.SnapshotMessages;
import dev.tcpfleet.testing.KafkaBrokerProcess;
import dev.tcpfleet.testing.KafkaBrokerTestResource;
import dev.tcpfleet.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Trends read from the rollups that ingest keeps, through the real broker and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class TrendApiTest {
    KafkaBrokerProcess broker;
    String host;
    Instant hour;

    @BeforeEach
    void snapshotsOfTwoMinutes() {
        host = "trend-" + UUID.randomUUID();
        hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(host, hour.plusSeconds(5), Map.of(), 100));
            messages.send(SnapshotMessages.snapshot(host, hour.plusSeconds(35), Map.of(), 300));
            messages.send(SnapshotMessages.snapshot(host, hour.plusSeconds(70), Map.of(), 50));
            messages.send(SnapshotMessages.snapshot(host, hour.plusSeconds(5), Map.of(), 100)); // redelivered
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> trend("1h").statusCode(200)
                .body("points[0].samples", equalTo(3)));
    }

    private ValidatableResponse trend(String bucket) {
        return given().queryParam("from", hour.toString()).queryParam("to", hour.plus(Duration.ofHours(1)).toString())
                .queryParam("bucket", bucket).get("/api/hosts/{id}/trends/established", host).then();
    }

    @Test
    void eachBucketHoldsItsSnapshotsMinAvgAndMax() {
        trend("1m").statusCode(200).body("bucket", equalTo("1m"))
                .body("points.bucketStart", equalTo(List.of(hour.toString(), hour.plusSeconds(60).toString())))
                .body("points.samples", equalTo(List.of(2, 1)))
                .body("points.min", equalTo(List.of(100f, 50f)))
                .body("points.avg", equalTo(List.of(200f, 50f)))
                .body("points.max", equalTo(List.of(300f, 50f)));
        trend("1h").body("points.size()", equalTo(1)).body("points[0].avg", equalTo(150f))
                .body("points[0].min", equalTo(50f)).body("points[0].max", equalTo(300f));
        trend("1d").body("points.size()", equalTo(1)).body("points[0].samples", equalTo(3));
        trend("raw").body("points.max", equalTo(List.of(100f, 300f, 50f)));
        given().queryParam("from", hour.toString()).queryParam("to", hour.plus(Duration.ofHours(3)).toString())
                .get("/api/hosts/{id}/trends/established", host).then().statusCode(200).body("bucket", equalTo("1m"));
    }

    @Test
    void aFigureTheSnapshotsLackIsNoSampleNotAZero() {
        // these snapshots carry no load average: the buckets exist, without samples or a min and max
        given().queryParam("from", hour.toString()).queryParam("to", hour.plus(Duration.ofHours(1)).toString())
                .queryParam("bucket", "1m").get("/api/hosts/{id}/trends/load1", host).then().statusCode(200)
                .body("points.samples", equalTo(List.of(0, 0)))
                .body("points.min", equalTo(Arrays.asList(null, null)))
                .body("points.max", equalTo(Arrays.asList(null, null)));
    }

    @Test
    void fleetTrendsAggregateHostsPerLabelGroupAndRankTheTopHosts() {
        String fleet = "f" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = hour.plusSeconds(10);
        try (SnapshotMessages messages = new SnapshotMessages(broker)) {
            messages.send(SnapshotMessages.snapshot(fleet + "-a1", at, Map.of("fleet", fleet, "zone", "a"), 10));
            messages.send(SnapshotMessages.snapshot(fleet + "-a2", at, Map.of("fleet", fleet, "zone", "a"), 30));
            messages.send(SnapshotMessages.snapshot(fleet + "-b1", at, Map.of("fleet", fleet, "zone", "b"), 100));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> fleetTrend(fleet, "sum", null).statusCode(200)
                .body("points[0].hosts", equalTo(3)));

        fleetTrend(fleet, "sum", null).body("points[0].value", equalTo(140f)).body("points[0].group", equalTo("all"));
        fleetTrend(fleet, "max", "zone").body("points.group", equalTo(List.of("a", "b")))
                .body("points.value", equalTo(List.of(30f, 100f)));
        fleetTrend(fleet, "avg", "zone").body("points.value", equalTo(List.of(20f, 100f)));
        fleetTrend(fleet, "p95", null).body("points[0].value", equalTo(93f));
        given().queryParam("labels", "fleet=" + fleet).queryParam("n", "2").queryParam("from", hour.toString())
                .queryParam("to", hour.plus(Duration.ofHours(1)).toString()).get("/api/trends/established/top")
                .then().statusCode(200).body("hostId", equalTo(List.of(fleet + "-b1", fleet + "-a2")));
        given().queryParam("agg", "median").get("/api/trends/established").then().statusCode(400)
                .body("field", equalTo("agg"));
        given().queryParam("labels", "fleet").get("/api/trends/established").then().statusCode(400)
                .body("field", equalTo("labels"));
        given().queryParam("groupBy", "zone;drop").get("/api/trends/established").then().statusCode(400)
                .body("field", equalTo("groupBy"));
    }

    @Test
    void aFleetTrendWithoutAnEndStopsAtTheLastCompleteMinuteAndSaysSo() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant to = Instant.parse(given().queryParam("agg", "sum").get("/api/trends/established").then()
                .statusCode(200).body("complete", equalTo(true)).extract().path("to"));
        Instant after = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        assertTrue(!to.isBefore(before) && !to.isAfter(after), to + " is the start of the current minute");
        given().queryParam("agg", "sum").queryParam("to", Instant.now().plusSeconds(120).toString())
                .get("/api/trends/established").then().statusCode(200).body("complete", equalTo(false));
    }

    @Test
    void aLongFleetTrendWithoutAnEndKeepsTheFillingHourAndSaysItIsIncomplete() {
        // over 6 hours the buckets are hours: the current one is still filling, read up to the current minute
        Instant minuteStart = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        var answer = given().queryParam("agg", "sum")
                .queryParam("from", Instant.now().minus(Duration.ofHours(12)).toString())
                .get("/api/trends/established").then().statusCode(200).body("bucket", equalTo("1h")).extract();
        Instant to = Instant.parse(answer.path("to"));
        Instant after = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        assertTrue(!to.isBefore(minuteStart) && !to.isAfter(after), to + " is the start of the current minute");
        // incomplete but in an hour's first minute, when the hours read have all ended
        assertEquals(to.equals(to.truncatedTo(ChronoUnit.HOURS)), answer.path("complete"), "complete, to " + to);
        // an end on an hour's boundary reads only ended hours
        given().queryParam("agg", "sum").queryParam("bucket", "1h")
                .queryParam("from", Instant.now().minus(Duration.ofHours(12)).toString())
                .queryParam("to", Instant.now().truncatedTo(ChronoUnit.HOURS).toString())
                .get("/api/trends/established").then().statusCode(200).body("complete", equalTo(true));
    }

    private ValidatableResponse fleetTrend(String fleet, String agg, String groupBy) {
        var request = given().queryParam("labels", "fleet=" + fleet).queryParam("agg", agg)
                .queryParam("from", hour.toString()).queryParam("to", hour.plus(Duration.ofHours(1)).toString())
                .queryParam("bucket", "1h");
        if (groupBy != null) {
            request.queryParam("groupBy", groupBy);
        }
        return request.get("/api/trends/established").then();
    }

    @Test
    void badTrendRequestsAreClear400sAndAnUnknownHostA404() {
        given().get("/api/hosts/{id}/trends/bogus", host).then().statusCode(400).body("field", equalTo("metric"))
                .body("detail", containsString("time_wait"));
        given().queryParam("from", "2026-11-25T10:00:00Z").queryParam("to", "2026-11-25T09:00:00Z")
                .get("/api/hosts/{id}/trends/established", host).then().statusCode(400).body("field", equalTo("from"));
        given().queryParam("bucket", "5m").get("/api/hosts/{id}/trends/established", host).then().statusCode(400)
                .body("field", equalTo("bucket"));
        given().queryParam("from", Instant.now().minus(Duration.ofDays(30)).toString()).queryParam("bucket", "1m")
                .get("/api/hosts/{id}/trends/established", host).then().statusCode(400)
                .body("field", equalTo("bucket")).body("detail", containsString("choose a larger bucket"));
        given().queryParam("from", Instant.now().minus(Duration.ofDays(500)).toString())
                .get("/api/hosts/{id}/trends/established", host).then().statusCode(400).body("field", equalTo("from"));
        given().get("/api/hosts/{id}/trends/established", "no-such-host").then().statusCode(404);
    }
}
