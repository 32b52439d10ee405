// A dry run's diff, laid out as the CLI's: the keys each host would change (current → wanted), the hosts where
// nothing would change on one line (fleets are thousands of hosts), then the hosts that failed or never answered,
// with why. A dry-run rollout (its one wave) and a dry-run apply carry the same per-host changes.
import { el, table } from './dashboard.js';

/** A key the host would set to another value, as the agent's KeyChange.changes() reckons it. */
const changes = change => typeof change.before !== 'string' || change.before !== change.desired;

const hosts = count => count + (count === 1 ? ' host' : ' hosts');

/** The hosts of a dry-run rollout (GET /api/rollouts/{id}) as {@link dryRunDiff} takes them. */
export function rolloutAnswers(rollout) {
  return rollout.waves.flatMap(wave => wave.hosts).map(host => ({
    hostId: host.hostId,
    waiting: host.state === 'pending' || host.state === 'sent',
    // a host the rollout gave up waiting for is "failed" with no outcome of its own
    failure: host.state === 'planned' ? null : host.outcome || 'NO ANSWER',
    reasons: host.reasons || [],
    changes: host.changes || [],
  }));
}

/** The hosts of a dry-run apply (GET /api/commands/{id}) as {@link dryRunDiff} takes them. */
export function commandAnswers(command) {
  return command.hosts.map(host => ({
    hostId: host.hostId,
    waiting: host.status === 'PENDING' || host.status === 'SENT',
    failure: host.outcome === 'PLANNED' ? null : host.outcome || host.status,
    reasons: host.reasons || [],
    changes: host.changes || [],
  }));
}

export function dryRunDiff(answers) {
  const answered = answers.filter(answer => !answer.waiting);
  const planned = answered.filter(answer => !answer.failure);
  const failed = answered.filter(answer => answer.failure);
  const rows = planned.flatMap(answer => answer.changes.filter(changes)
    .map(change => ({ hostId: answer.hostId, ...change })));
  const unchanged = planned.filter(answer => !answer.changes.some(changes)).map(answer => answer.hostId);
  const waiting = answers.filter(answer => answer.waiting).map(answer => answer.hostId);
  return el('div', { class: 'dry-run' },
    rows.length === 0 ? null : table([['Host', row => row.hostId], ['Sysctl', row => row.key],
      ['Current', row => row.before ?? '—'], ['Wanted', row => row.desired]], rows),
    unchanged.length === 0 ? null
      : el('p', { class: 'unchanged' }, `No change on ${hosts(unchanged.length)}: ${unchanged.join(', ')}`),
    failed.length === 0 ? null : [el('p', { class: 'error' }, `Failed or no answer on ${hosts(failed.length)}:`),
      table([['Host', answer => answer.hostId], ['Outcome', answer => answer.failure],
        ['Reasons', answer => answer.reasons.join('; ')]], failed)],
    waiting.length === 0 ? null
      : el('p', { class: 'hint' }, `No answer yet from ${hosts(waiting.length)}: ${waiting.join(', ')}`));
}
