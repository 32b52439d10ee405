package dev.tcpfleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to the API; its exit code is {@link ExitCodes#OK} unless it says otherwise. */
public abstract class ApiCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected Session session() {
        return ((TcpfleetCommand) spec.root().userObject()).session();
    }

    /** The flag behind each request field the API may name in a refusal, so the person reads the flag typed. */
    public Map<String, String> flagsByField() {
        return Map.of();
    }

    /** Bad input the options' types could not catch: exit code 2 with the reason and a hint, as picocli's own. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The JSON text in {@code file} ("-" for stdin), the body a command sends as it is; a file that cannot be read
     * or is not JSON is a usage error saying which, before anything is sent.
     */
    protected String jsonFile(Path file) {
        String text;
        try {
            text = file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file);
        } catch (NoSuchFileException e) {
            throw usage("--file: cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw usage("--file: cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw usage("--file: cannot read " + file + ": " + e.getMessage());
        }
        try {
            new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw usage("--file: " + file + " is not JSON: " + e.getOriginalMessage());
        }
        return text;
    }
}
