-- Agents before this release published each socket-holding process's whole command line, secrets included (keys,
-- passwords, tokens passed as arguments), and every viewer of the API could read them. Agents now redact them
-- before they leave the host; stored history keeps each process's executable (the first word) and nothing more.
--
-- One UPDATE on the partitioned parent: PostgreSQL applies it to every day's partition and to the default one, and
-- no row moves, as collected_at is unchanged. Only bodies with a command line holding a space are rewritten (the
-- rest are already scrubbed, or never had arguments), so running it again, or over a history that is mostly
-- redacted already, writes nothing new. It reads every stored snapshot once: on a long history it takes minutes
-- and leaves the old row versions for autovacuum (README, "Secrets", says what to expect and how to shorten it).
UPDATE snapshots
SET body = jsonb_set(body, '{processes}', (
        SELECT jsonb_agg(CASE
                   WHEN jsonb_typeof(process -> 'commandLine') = 'string'
                       THEN jsonb_set(process, '{commandLine}',
                                      to_jsonb(split_part(process ->> 'commandLine', ' ', 1)))
                   ELSE process
               END ORDER BY position)
        FROM jsonb_array_elements(body -> 'processes') WITH ORDINALITY AS listed (process, position)))
WHERE jsonb_typeof(body -> 'processes') = 'array'
  AND jsonb_path_exists(body, '$.processes[*].commandLine ? (@ like_regex " ")');
