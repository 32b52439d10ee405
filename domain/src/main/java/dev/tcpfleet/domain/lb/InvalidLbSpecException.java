package dev.tcpfleet.domain.lb;

import java.util.List;
import java.util.stream.Collectors;

/** Every reason a spec was refused, so a caller can fix them all at once. */
public class InvalidLbSpecException extends IllegalArgumentException {
    private final transient List<SpecViolation> violations;

    public InvalidLbSpecException(List<SpecViolation> violations) {
        super(violations.stream().map(SpecViolation::message).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<SpecViolation> violations() {
        return violations;
    }
}
