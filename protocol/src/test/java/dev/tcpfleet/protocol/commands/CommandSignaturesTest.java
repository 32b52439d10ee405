package dev.tcpfleet.protocol.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.commands.CommandSignatures.Refusal;
import dev.tcpfleet.protocol.commands.CommandSignatures.RejectedCommandException;
import dev.tcpfleet.protocol.stress.StressRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSignaturesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final KeyPair controlPlane = CommandSignatures.generateKeys();

    private static TuningCommand apply(String hostId) {
        return new TuningCommand(TuningCommand.SCHEMA_VERSION, "c-1", hostId, TuningCommand.Action.APPLY, "prod", 3,
                Map.of("net.core.somaxconn", "8192"), false, 0, null, NOW, NOW.plus(Duration.ofMinutes(10)));
    }

    private String rejection(SignedCommand signed, String hostId, Instant at) {
        return refusal(signed, hostId, at).getMessage();
    }

    private RejectedCommandException refusal(SignedCommand signed, String hostId, Instant at) {
        return assertThrows(RejectedCommandException.class,
                () -> CommandSignatures.verify(signed, controlPlane.getPublic(), hostId, at));
    }

    @Test
    void aSignedCommandVerifiesUnchanged() throws RejectedCommandException {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());

        assertEquals(apply("h-1"), CommandSignatures.verify(signed, controlPlane.getPublic(), "h-1", NOW));
    }

    @Test
    void keysSurviveTheirTextForm() throws RejectedCommandException {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"),
                CommandSignatures.privateKey(CommandSignatures.encode(controlPlane.getPrivate())));

        assertEquals(apply("h-1"), CommandSignatures.verify(signed,
                CommandSignatures.publicKey(CommandSignatures.encode(controlPlane.getPublic())), "h-1", NOW));
    }

    @Test
    void aStrangersCommandIsRejected() {
        SignedCommand forged = CommandSignatures.sign(apply("h-1"), CommandSignatures.generateKeys().getPrivate());

        assertTrue(rejection(forged, "h-1", NOW).startsWith("bad signature"));
    }

    @Test
    void aTamperedPayloadIsRejected() {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());
        String json = new String(Base64.getDecoder().decode(signed.payload()), StandardCharsets.UTF_8)
                .replace("8192", "1");
        SignedCommand tampered = new SignedCommand(
                Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)), signed.signature());

        assertTrue(rejection(tampered, "h-1", NOW).startsWith("bad signature"));
    }

    private String malformation(SignedCommand signed) {
        return assertThrows(MalformedMessageException.class,
                () -> CommandSignatures.verify(signed, controlPlane.getPublic(), "h-1", NOW)).getMessage();
    }

    @Test
    void anUnsignedOrBadlySignedMessageIsRefusedAsNotGenuine() {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());
        SignedCommand forged = CommandSignatures.sign(apply("h-1"), CommandSignatures.generateKeys().getPrivate());

        RejectedCommandException unsigned = refusal(new SignedCommand(signed.payload(), null), "h-1", NOW);
        assertTrue(unsigned.getMessage().startsWith("unsigned command"), unsigned.getMessage());
        assertEquals(Refusal.UNSIGNED, unsigned.refusal());
        RejectedCommandException notBase64 = refusal(new SignedCommand("%%", "%%"), "h-1", NOW);
        assertEquals("payload or signature is not base64", notBase64.getMessage());
        assertEquals(Refusal.UNSIGNED, notBase64.refusal());
        assertEquals(Refusal.BAD_SIGNATURE, refusal(forged, "h-1", NOW).refusal());
        assertFalse(Refusal.UNSIGNED.genuine() || Refusal.BAD_SIGNATURE.genuine());
        assertEquals("bad_signature", Refusal.BAD_SIGNATURE.tag());
    }

    @Test
    void aGenuineCommandsRefusalsAreGenuine() {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());

        assertEquals(Refusal.WRONG_HOST, refusal(signed, "h-2", NOW).refusal());
        assertEquals(Refusal.EXPIRED, refusal(signed, "h-1", NOW.plus(Duration.ofHours(1))).refusal());
        assertTrue(Refusal.WRONG_HOST.genuine() && Refusal.EXPIRED.genuine() && Refusal.BAD_ID.genuine());
    }

    @Test
    void theControlPlaneSignsNoIdOutsideThePatternAndAnAgentRefusesOneSignedAnyway() {
        for (String id : new String[] {".hidden", "-dash", "a/b", "../x", "", "a b", "x".repeat(129)}) {
            TuningCommand command = new TuningCommand(TuningCommand.SCHEMA_VERSION, id, "h-1",
                    TuningCommand.Action.APPLY, "prod", 3, Map.of(), false, 0, null, NOW,
                    NOW.plus(Duration.ofMinutes(10)));
            IllegalArgumentException unsignable = assertThrows(IllegalArgumentException.class,
                    () -> CommandSignatures.sign(command, controlPlane.getPrivate()), id);
            assertEquals("command id must match " + CommandIds.PATTERN, unsignable.getMessage());

            RejectedCommandException refused = refusal(signRaw(dev.tcpfleet.protocol.ProtocolJson.write(command)),
                    "h-1", NOW);
            assertEquals(Refusal.BAD_ID, refused.refusal(), id);
            assertEquals("command id must match " + CommandIds.PATTERN, refused.getMessage());
        }
        StressCommand badCampaign = new StressCommand(StressCommand.SCHEMA_VERSION, "s-1", "h-1", ".camp",
                StressCommand.Action.STOP, null, NOW, NOW.plus(Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> CommandSignatures.sign(badCampaign, controlPlane.getPrivate()));
        assertEquals("campaign id must match " + CommandIds.PATTERN,
                rejection(signRaw(dev.tcpfleet.protocol.ProtocolJson.write(badCampaign)), "h-1", NOW));
    }

    @Test
    void whatIsGenuineButNoCommandOfAKnownVersionIsMalformed() {
        TuningCommand newer = new TuningCommand(2, "c-1", "h-1", TuningCommand.Action.APPLY, "prod", 3,
                Map.of("net.core.somaxconn", "8192"), false, 0, null, NOW, NOW.plus(Duration.ofMinutes(10)));

        assertTrue(malformation(signRaw("[1]".getBytes(StandardCharsets.UTF_8))).startsWith("signed but unreadable"));
        assertEquals("unsupported schemaVersion 2 for TuningCommand (this build reads 1)",
                malformation(CommandSignatures.sign(newer, controlPlane.getPrivate())));
    }

    @Test
    void expiredAndMisaddressedCommandsAreRejected() {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());

        assertEquals("expired at 2026-11-25T12:10:00Z", rejection(signed, "h-1", NOW.plus(Duration.ofMinutes(10))));
        assertEquals("addressed to host h-1, not h-2", rejection(signed, "h-2", NOW));
    }

    private static StressCommand stress(String hostId) {
        StressRequest request = StressRequest.latencyProbe("camp-1", "10.0.0.5", 80, 5, 10, 1000, 10_000);
        return new StressCommand(StressCommand.SCHEMA_VERSION, "s-1", hostId, "camp-1", StressCommand.Action.RUN,
                request, NOW, NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aStressCommandVerifiesAsOneAndKeepsTheSameChecks() throws RejectedCommandException {
        SignedCommand signed = CommandSignatures.sign(stress("h-1"), controlPlane.getPrivate());

        assertEquals(stress("h-1"), CommandSignatures.verify(signed, controlPlane.getPublic(), "h-1", NOW));
        assertEquals("addressed to host h-1, not h-2", rejection(signed, "h-2", NOW));
        assertEquals("expired at 2026-11-25T12:01:00Z", rejection(signed, "h-1", NOW.plus(Duration.ofMinutes(1))));
        assertTrue(rejection(CommandSignatures.sign(stress("h-1"), CommandSignatures.generateKeys().getPrivate()),
                "h-1", NOW).startsWith("bad signature"));
    }

    @Test
    void aPayloadWithoutAKindIsATuningCommand() throws RejectedCommandException {
        // as signed before stress commands existed
        String json = "{\"schemaVersion\":1,\"commandId\":\"c-1\",\"hostId\":\"h-1\",\"action\":\"ROLLBACK\",\"profileVersion\":0,"
                + "\"dryRun\":false,\"confirmWithinSeconds\":0,"
                + "\"issuedAt\":\"2026-11-25T12:00:00Z\",\"expiresAt\":\"2026-11-25T12:10:00Z\"}";
        SignedCommand signed = signRaw(json.getBytes(StandardCharsets.UTF_8));

        TuningCommand command = (TuningCommand) CommandSignatures.verify(signed, controlPlane.getPublic(), "h-1", NOW);
        assertEquals(TuningCommand.Action.ROLLBACK, command.action());
    }

    private SignedCommand signRaw(byte[] payload) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(controlPlane.getPrivate());
            signer.update(payload);
            return new SignedCommand(Base64.getEncoder().encodeToString(payload),
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void signaturesAreTheJdksOwn() throws Exception {
        // agents and control planes of the releases that signed with the JDK keep understanding each other
        byte[] payload = dev.tcpfleet.protocol.ProtocolJson.write(apply("h-1"));
        SignedCommand ours = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());

        assertEquals(signRaw(payload), ours);
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(controlPlane.getPublic());
        jdk.update(payload);
        assertTrue(jdk.verify(Base64.getDecoder().decode(ours.signature())));
    }

    @Test
    void aKeyOfAnotherAlgorithmIsAClearError() throws Exception {
        KeyPair rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());

        assertThrows(IllegalArgumentException.class, () -> CommandSignatures.sign(apply("h-1"), rsa.getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> CommandSignatures.verify(signed, rsa.getPublic(), "h-1", NOW));
    }

    @Test
    void aSignatureOfTheWrongLengthIsRejected() {
        SignedCommand signed = CommandSignatures.sign(apply("h-1"), controlPlane.getPrivate());
        String shortened = Base64.getEncoder().encodeToString(new byte[63]);

        assertTrue(rejection(new SignedCommand(signed.payload(), shortened), "h-1", NOW).startsWith("bad signature"));
    }

    @Test
    void badKeyTextIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> CommandSignatures.publicKey("not a key"));
        assertThrows(IllegalArgumentException.class, () -> CommandSignatures.privateKey("AAAA"));
    }
}
