-- Alert rules, editable through the API. A rule fires when a host's metric is above (or below) threshold for
-- for_seconds, and resolves once past clear_threshold; labels, when set, is a label selector (env=prod,role!=db)
-- that limits it to the hosts it matches.
CREATE TABLE alert_rules (
    name            text             PRIMARY KEY,
    metric          text             NOT NULL,
    comparison      text             NOT NULL CHECK (comparison IN ('ABOVE', 'BELOW')),
    threshold       double precision NOT NULL,
    clear_threshold double precision NOT NULL,
    for_seconds     integer          NOT NULL CHECK (for_seconds >= 0),
    severity        text             NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    labels          text,
    updated_at      timestamptz      NOT NULL DEFAULT now()
);

-- The rules every fleet starts with: the old script's two warnings (TIME_WAIT over 10,000, connections over
-- 1,500) and the ones it lacked that explain dropped connections. Any overflow drops a connection attempt, so
-- that rule has no tolerance, but a minute so one burst does not page.
INSERT INTO alert_rules (name, metric, comparison, threshold, clear_threshold, for_seconds, severity) VALUES
    ('time-wait-high',             'time_wait',              'ABOVE', 10000, 9000, 120, 'WARNING'),
    ('connections-high',           'established',            'ABOVE', 1500,  1350, 120, 'WARNING'),
    ('listen-overflows',           'listen_overflows_per_s', 'ABOVE', 0,     0,    60,  'CRITICAL'),
    ('ephemeral-ports-exhausting', 'ephemeral_port_usage',   'ABOVE', 0.8,   0.7,  60,  'CRITICAL'),
    ('conntrack-full',             'conntrack_usage',        'ABOVE', 0.9,   0.8,  60,  'CRITICAL'),
    ('retransmits-high',           'retransmits_per_s',      'ABOVE', 100,   50,   300, 'WARNING');
