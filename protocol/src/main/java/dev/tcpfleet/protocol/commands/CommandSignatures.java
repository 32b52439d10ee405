package dev.tcpfleet.protocol.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpfleet.protocol.MalformedMessageException;
import dev.tcpfleet.protocol.ProtocolJson;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Ed25519 signing of commands: only the holder of the control plane's private key can make a command an agent
 * accepts, whoever else can write to the topic. Keys are the JDK's (PKCS#8 and X.509 as {@link #encode(Key)} writes
 * them); signing and verifying are Bouncy Castle's, about ten times faster than the JDK's, which is what a command
 * to thousands of hosts costs. Both make the same signatures: Ed25519 is deterministic.
 */
public final class CommandSignatures {
    private static final String ALGORITHM = "Ed25519";
    private static final ObjectMapper JSON = ProtocolJson.mapper();
    private static final LastKey<PrivateKey, Ed25519PrivateKeyParameters> SIGNING_KEY =
            new LastKey<>(PrivateKeyFactory::createKey, Ed25519PrivateKeyParameters.class);
    private static final LastKey<PublicKey, Ed25519PublicKeyParameters> CHECKING_KEY =
            new LastKey<>(PublicKeyFactory::createKey, Ed25519PublicKeyParameters.class);

    private CommandSignatures() {
    }

    /** Why a command was refused. Only a genuine command (signed by the control plane) earns an answer. */
    public enum Refusal {
        /** No payload and signature, or not base64: anyone who can write the topic could have sent it. */
        UNSIGNED(false),
        /** Not signed by the control plane's key: anyone could have sent it. */
        BAD_SIGNATURE(false),
        WRONG_HOST(true),
        BAD_ID(true),
        EXPIRED(true);

        private final boolean genuine;

        Refusal(boolean genuine) {
            this.genuine = genuine;
        }

        /** Whether the control plane signed it, so its refusal may be answered and its content trusted. */
        public boolean genuine() {
            return genuine;
        }

        /** The metric tag and log name, e.g. {@code bad_signature}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A command an agent refused, with the reason it reports back. */
    public static class RejectedCommandException extends Exception {
        private final Refusal refusal;

        public RejectedCommandException(Refusal refusal, String reason) {
            super(reason);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /**
     * A genuine command for this host that came too late. Unlike other refusals its id can be trusted, so a host
     * that carried it out before it expired (and went down before saying so) can still report what it did.
     */
    public static final class ExpiredCommandException extends RejectedCommandException {
        private final transient FleetCommand command;

        public ExpiredCommandException(FleetCommand command) {
            super(Refusal.EXPIRED, "expired at " + command.expiresAt());
            this.command = command;
        }

        public FleetCommand command() {
            return command;
        }
    }

    /** @throws IllegalArgumentException for an id outside {@link CommandIds#PATTERN}: no agent would take it */
    public static SignedCommand sign(FleetCommand command, PrivateKey key) {
        String problem = idProblem(command);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        byte[] payload = ProtocolJson.write(command);
        Base64.Encoder base64 = Base64.getEncoder();
        return new SignedCommand(base64.encodeToString(payload), base64.encodeToString(
                signer(true, SIGNING_KEY.parameters(key), payload).generateSignature()));
    }

    private static Ed25519Signer signer(boolean signing, CipherParameters key, byte[] payload) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(signing, key);
        signer.update(payload, 0, payload.length);
        return signer;
    }

    private interface KeyDecoder {
        AsymmetricKeyParameter decode(byte[] encoded) throws IOException;
    }

    /** The key converted last: a process signs or verifies with one key, and converting costs a point decoding. */
    private static final class LastKey<K extends Key, P> {
        private record Converted<K, P>(K key, P parameters) {
        }

        private final KeyDecoder decoder;
        private final Class<P> type;
        private volatile Converted<K, P> last;

        LastKey(KeyDecoder decoder, Class<P> type) {
            this.decoder = decoder;
            this.type = type;
        }

        P parameters(K key) {
            Converted<K, P> converted = last;
            if (converted == null || converted.key() != key) {
                converted = new Converted<>(key, decode(key));
                last = converted;
            }
            return converted.parameters();
        }

        private P decode(K key) {
            AsymmetricKeyParameter parameters;
            try {
                parameters = key.getEncoded() == null ? null : decoder.decode(key.getEncoded());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not an " + ALGORITHM + " key: " + e.getMessage(), e);
            }
            if (!type.isInstance(parameters)) {
                throw new IllegalArgumentException("not an " + ALGORITHM + " key: " + key.getAlgorithm());
            }
            return type.cast(parameters);
        }
    }

    /**
     * The command, if {@code signed} carries a valid signature by {@code key}, is addressed to {@code hostId}, has
     * ids that match {@link CommandIds#PATTERN} and has not expired at {@code now}. A command refused is
     * {@link RejectedCommandException rejected} with its {@link Refusal}: unsigned or badly signed ones are anyone's
     * (not {@link Refusal#genuine() genuine}), the others the control plane's. A genuinely signed payload that is no
     * command of a version this build reads is {@link MalformedMessageException malformed} (a dead letter).
     */
    public static FleetCommand verify(SignedCommand signed, PublicKey key, String hostId, Instant now)
            throws RejectedCommandException {
        if (signed == null || signed.payload() == null || signed.signature() == null) {
            throw new RejectedCommandException(Refusal.UNSIGNED, "unsigned command: payload and signature are required");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getDecoder().decode(signed.payload());
            signature = Base64.getDecoder().decode(signed.signature());
        } catch (IllegalArgumentException e) {
            throw new RejectedCommandException(Refusal.UNSIGNED, "payload or signature is not base64");
        }
        if (!signer(false, CHECKING_KEY.parameters(key), payload).verifySignature(signature)) {
            throw new RejectedCommandException(Refusal.BAD_SIGNATURE,
                    "bad signature: not signed by this agent's control plane");
        }
        FleetCommand command;
        try {
            command = JSON.readValue(payload, FleetCommand.class);
        } catch (IOException e) {
            throw new MalformedMessageException("signed but unreadable: " + e.getMessage(), e);
        }
        int supported = command instanceof StressCommand ? StressCommand.SCHEMA_VERSION : TuningCommand.SCHEMA_VERSION;
        if (command.schemaVersion() != supported) {
            throw new MalformedMessageException("unsupported schemaVersion " + command.schemaVersion() + " for "
                    + command.getClass().getSimpleName() + " (this build reads " + supported + ")");
        }
        if (!command.hostId().equals(hostId)) {
            throw new RejectedCommandException(Refusal.WRONG_HOST,
                    "addressed to host " + command.hostId() + ", not " + hostId);
        }
        String idProblem = idProblem(command);
        if (idProblem != null) {
            throw new RejectedCommandException(Refusal.BAD_ID, idProblem);
        }
        if (!now.isBefore(command.expiresAt())) {
            throw new ExpiredCommandException(command);
        }
        return command;
    }

    /** Null when the command's id (and a stress command's campaign id) match {@link CommandIds#PATTERN}. */
    private static String idProblem(FleetCommand command) {
        String problem = CommandIds.problem("command id", command.commandId());
        if (problem == null && command instanceof StressCommand stress) {
            problem = CommandIds.problem("campaign id", stress.campaignId());
        }
        return problem;
    }

    public static KeyPair generateKeys() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        }
    }

    /** The private key from base64 PKCS#8, as {@link #encode(Key)} writes it. */
    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 " + ALGORITHM + " private key", e);
        }
    }

    /** The public key from base64 X.509, as {@link #encode(Key)} writes it. */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 " + ALGORITHM + " public key", e);
        }
    }

    public static String encode(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
