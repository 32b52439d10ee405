package dev.tcpfleet.protocol.identity;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/** A host's side of {@link HostSeal}: the headers it puts on every record it publishes. */
public final class HostSealer {
    private final byte[] publicKey;
    private final byte[] macKey;
    private final Optional<byte[]> enrolProof;

    /**
     * @param enrolSecret the fleet's enrol secret, if this host was given it: the control plane then accepts the host
     *                    at its first message instead of holding it for an admin
     */
    public HostSealer(String hostId, HostKeys.Pair keys, PublicKey controlPlaneKey, Optional<String> enrolSecret) {
        this.publicKey = keys.publicKey().clone();
        this.macKey = HostKeys.agreedByHost(keys, controlPlaneKey, hostId);
        this.enrolProof = enrolSecret.map(secret -> HostSeal.enrolProof(secret.getBytes(StandardCharsets.UTF_8),
                hostId, publicKey));
    }

    public List<HostSeal.Header> headers(byte[] value) {
        HostSeal.Header key = new HostSeal.Header(HostSeal.PUBLIC_KEY_HEADER, publicKey);
        HostSeal.Header mac = new HostSeal.Header(HostSeal.MAC_HEADER, HostSeal.mac(macKey, value));
        return enrolProof.map(proof -> List.of(key, mac, new HostSeal.Header(HostSeal.ENROL_HEADER, proof)))
                .orElse(List.of(key, mac));
    }

    public String fingerprint() {
        return HostKeys.fingerprint(publicKey);
    }
}
