package dev.tcpfleet.agent.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a socket-holding process's command line leaves the host: every reader of the snapshot topic and every
 * viewer of the API sees it, so values that look secret are replaced by {@link #MARKER} before the snapshot is
 * built, or only the executable is kept. Pure: arguments in, one line out. False positives (a port after a
 * password-like flag, a long hash) cost a little detail; a false negative costs a secret, so the rules lean wide.
 *
 * <p>Rules, applied to each argument, and to each word of an argument holding spaces ({@code sh -c "..."}, a
 * process title rewritten by setproctitle):
 * <ul>
 *   <li>{@code -Dname=value}: every JVM system property's value.</li>
 *   <li>{@code name=value}, {@code --name=value}, {@code NAME=value}, {@code name:value}, {@code Name: value},
 *       {@code --name value}: the value, when the name matches a {@link #BUILT_IN_PATTERNS pattern} (glob, any case).</li>
 *   <li>Inside any value: URL user info ({@code scheme://<redacted>@host}) and {@code name=value} pairs in query
 *       strings and lists ({@code ?token=}, {@code ,password=}) whose name matches.</li>
 *   <li>The word after {@code Bearer} or {@code Basic}.</li>
 *   <li>Words shaped like credentials whatever their name: JWTs, AWS access key ids, GitHub/GitLab/Slack tokens,
 *       tcpfleet's {@code tf_} tokens, and 32+ character base64 or hex blobs.</li>
 *   <li>The password flags of well-known programs, once their name has appeared: {@code mysql -p}, {@code sshpass -p},
 *       {@code redis-cli -a}, {@code curl -u} and others in {@link #PASSWORD_FLAGS}, attached ({@code -pSECRET}) or not.</li>
 * </ul>
 * The word after a secret flag is redacted unless it starts with {@code --} (a flag without a value then).
 */
public final class CommandLines {
    /** What a redacted value is replaced by. */
    public static final String MARKER = "<redacted>";
    /** The longest command line a snapshot carries. */
    static final int LIMIT = 512;

    /** Names whose values are secrets; {@code tcpfleet.agent.processes.redact-patterns} adds to them. */
    public static final List<String> BUILT_IN_PATTERNS = List.of("*password*", "*passwd*", "*passphrase*", "*pwd*",
            "pass", "passin", "passout", "*secret*", "*token*", "*key*", "*credential*", "*auth*", "*cookie*",
            "*private*", "*signature*");

    /** Flags that take a password in programs that take one on the command line. */
    static final Map<String, Set<String>> PASSWORD_FLAGS = Map.ofEntries(
            Map.entry("mysql", Set.of("-p")), Map.entry("mysqldump", Set.of("-p")),
            Map.entry("mysqladmin", Set.of("-p")), Map.entry("mysqlimport", Set.of("-p")),
            Map.entry("mysqlcheck", Set.of("-p")), Map.entry("mysqlshow", Set.of("-p")),
            Map.entry("mariadb", Set.of("-p")), Map.entry("mariadb-dump", Set.of("-p")),
            Map.entry("sshpass", Set.of("-p")), Map.entry("redis-cli", Set.of("-a")),
            Map.entry("mongo", Set.of("-p")), Map.entry("mongosh", Set.of("-p")),
            Map.entry("mongodump", Set.of("-p")), Map.entry("mongorestore", Set.of("-p")),
            Map.entry("curl", Set.of("-u", "--user", "-U", "--proxy-user")), Map.entry("smbclient", Set.of("-U")),
            Map.entry("openssl", Set.of("-k")), Map.entry("zip", Set.of("-P")), Map.entry("unzip", Set.of("-P")));

    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9_-]+)\\s*:\\s*(.+)", Pattern.DOTALL);
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern ASSIGNED_NAME = Pattern.compile("([A-Za-z0-9_.-]+)=");
    /** Splits a value before each separator of query strings and option lists, keeping the separator. */
    private static final Pattern SEGMENTS = Pattern.compile("(?=[?&;,])");
    private static final Pattern CREDENTIAL = Pattern.compile(String.join("|",
            "eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*",          // JWT
            "(?:AKIA|ASIA)[0-9A-Z]{16}",                                     // AWS access key id
            "(?:gh[pousr]|github_pat|glpat|xox[abprs]|sk|tf)[_-][A-Za-z0-9_-]{16,}",
            "[0-9a-fA-F]{32,}"));                                            // hex keys and digests
    private static final Pattern BLOB = Pattern.compile("[A-Za-z0-9+/_-]{32,}={0,2}");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** How much of a command line leaves the host. */
    public enum Mode {
        /** The executable and the arguments, with values that look secret replaced by {@link #MARKER}. */
        REDACTED,
        /** The executable alone. */
        EXECUTABLE
    }

    private final Mode mode;
    private final List<Pattern> secretNames;

    private CommandLines(Mode mode, List<Pattern> secretNames) {
        this.mode = mode;
        this.secretNames = secretNames;
    }

    /** The built-in patterns and {@code extraPatterns}, globs over names where {@code *} is any text. */
    public static CommandLines of(Mode mode, List<String> extraPatterns) {
        List<Pattern> names = new ArrayList<>();
        for (String glob : BUILT_IN_PATTERNS) {
            names.add(glob(glob));
        }
        for (String glob : extraPatterns) {
            if (glob.isBlank()) {
                throw new IllegalArgumentException("a redact pattern is blank: name the secret, e.g. *dsn*");
            }
            names.add(glob(glob.strip()));
        }
        return new CommandLines(mode, List.copyOf(names));
    }

    /** The default: redacted with the built-in patterns, as {@code analyze} and {@code monitor} use. */
    public static CommandLines redacted() {
        return of(Mode.REDACTED, List.of());
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part.toLowerCase(Locale.ROOT)));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * {@code arguments} ({@code /proc/PID/cmdline} split at its NULs) as one line for the snapshot, its words
     * joined by spaces and cut at {@value #LIMIT} characters. The first word is the executable in either mode.
     */
    public String line(List<String> arguments) {
        if (arguments.isEmpty()) {
            return "";
        }
        String[] title = WHITESPACE.split(arguments.get(0).strip(), 2);
        String executable = title[0];
        if (mode == Mode.EXECUTABLE) {
            return cut(executable);
        }
        Redaction redaction = new Redaction(executable);
        if (title.length > 1) {
            redaction.words(title[1]);
        }
        for (int i = 1; i < arguments.size() && redaction.length < LIMIT; i++) {
            redaction.argument(arguments.get(i));
        }
        return cut(String.join(" ", redaction.out));
    }

    private static String cut(String line) {
        return line.length() > LIMIT ? line.substring(0, LIMIT) : line;
    }

    boolean secretName(String name) {
        String bare = name.toLowerCase(Locale.ROOT).replaceFirst("^-+", "");
        if (bare.isEmpty()) {
            return false;
        }
        for (Pattern pattern : secretNames) {
            if (pattern.matcher(bare).matches()) {
                return true;
            }
        }
        return false;
    }

    /** One command line's pass: the words written so far, and whether the next one is a secret flag's value. */
    private final class Redaction {
        final List<String> out = new ArrayList<>();
        int length;
        Set<String> passwordFlags;
        boolean hideNext;

        Redaction(String executable) {
            add(executable);
            passwordFlags = passwordFlagsOf(executable);
        }

        void argument(String argument) {
            if (hideNext && !argument.startsWith("--")) {
                hideNext = false;
                add(MARKER); // the whole argument, spaces and all
                return;
            }
            hideNext = false;
            if (argument.isEmpty() || WHITESPACE.matcher(argument).find()) {
                Matcher header = HEADER.matcher(argument.strip());
                if (header.matches() && secretName(header.group(1))) {
                    add(header.group(1) + ": " + MARKER);
                } else {
                    words(argument);
                }
            } else {
                word(argument);
            }
        }

        void words(String text) {
            for (String word : WHITESPACE.split(text.strip())) {
                if (word.isEmpty()) {
                    continue;
                }
                if (hideNext && !word.startsWith("--")) {
                    hideNext = false;
                    add(MARKER);
                } else {
                    hideNext = false;
                    word(word);
                }
            }
        }

        private void word(String word) {
            if (passwordFlag(word)) {
                return;
            }
            if (credential(word)) {
                add(MARKER);
                return;
            }
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("bearer") || lower.equals("basic")) {
                add(word);
                hideNext = true;
                return;
            }
            int equals = word.indexOf('=');
            if (word.startsWith("-D") && equals > 2) {
                add(word.substring(0, equals + 1) + MARKER);
                return;
            }
            if (equals > 0 && NAME.matcher(word.substring(0, equals)).matches()) {
                String name = word.substring(0, equals);
                add(name + "=" + (secretName(name) ? MARKER : value(word.substring(equals + 1))));
                return;
            }
            int colon = word.indexOf(':');
            if (colon > 0 && !word.startsWith("://", colon) && secretName(word.substring(0, colon))) {
                if (colon == word.length() - 1) {
                    add(word); // "Authorization:" with its value in the next word
                    hideNext = true;
                } else {
                    add(word.substring(0, colon + 1) + MARKER);
                }
                return;
            }
            if (word.startsWith("-") && word.length() > 1) {
                add(value(word));
                hideNext = NAME.matcher(word).matches() && secretName(word);
                return;
            }
            Set<String> flags = passwordFlagsOf(word);
            if (!flags.isEmpty()) {
                passwordFlags = flags; // sudo mysql ..., sh -c "mysql ..."
            }
            add(value(word));
        }

        /** {@code -p SECRET}, {@code -pSECRET} and {@code --user=u:p} for a program known to take them. */
        private boolean passwordFlag(String word) {
            for (String flag : passwordFlags) {
                if (word.equals(flag)) {
                    add(word);
                    hideNext = true;
                    return true;
                }
                boolean attached = flag.length() == 2 && word.startsWith(flag) && !word.startsWith("--");
                if (attached || word.startsWith(flag + "=")) {
                    add(word.substring(0, attached ? 2 : flag.length() + 1) + MARKER);
                    return true;
                }
            }
            return false;
        }

        private String value(String value) {
            if (credential(value)) {
                return MARKER;
            }
            String withoutUserInfo = URL_USER_INFO.matcher(value).replaceAll("$1" + Matcher.quoteReplacement(MARKER) + "@");
            StringBuilder out = new StringBuilder();
            for (String segment : SEGMENTS.split(withoutUserInfo)) {
                out.append(redactAssignment(segment));
            }
            return out.toString();
        }

        /** {@code ?token=x}, {@code ,password=x}, {@code /agent.jar=token=x}: the rest after a secret name's {@code =}. */
        private String redactAssignment(String segment) {
            Matcher names = ASSIGNED_NAME.matcher(segment);
            while (names.find()) {
                if (secretName(names.group(1))) {
                    return segment.substring(0, names.end()) + MARKER;
                }
            }
            return segment;
        }

        private void add(String word) {
            out.add(word);
            length += word.length() + 1;
        }
    }

    private static Set<String> passwordFlagsOf(String program) {
        String base = program.substring(program.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return PASSWORD_FLAGS.getOrDefault(base, Set.of());
    }

    /** A word that is a credential by its shape alone. */
    static boolean credential(String word) {
        if (CREDENTIAL.matcher(word).matches()) {
            return true;
        }
        if (!BLOB.matcher(word).matches() || word.startsWith("/")) {
            return false;
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            digit |= Character.isDigit(c);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
        }
        return digit && upper && lower; // random base64; a long plain name or path-like word has no such mix
    }
}
