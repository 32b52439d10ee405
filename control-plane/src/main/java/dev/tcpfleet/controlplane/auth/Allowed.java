package dev.tcpfleet.controlplane.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role that may call a REST method. A method without it is refused to every caller, so a new endpoint is
 * closed until someone decides who may use it. Only on methods, never on a class: a method added to a class later
 * must not inherit a role its author did not choose.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Allowed {
    Role value();
}
