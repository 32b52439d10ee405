// Recent commands (applies, dry runs, rollbacks, confirms): how their hosts stand, and for a dry run its diff.
import { api, ago, el, page } from './dashboard.js';
import { commandAnswers, dryRunDiff } from './dryrun.js';

/** The profile an apply sends, or the apply a confirm or rollback is about. */
function of(command) {
  switch (command.action) {
    case 'apply': return `${command.profile}@${command.version}`;
    case 'confirm': return 'of ' + command.confirmOf;
    case 'rollback': return 'of ' + (command.rollbackOf || "each host's last apply");
    default: return '';
  }
}

/** Hosts by their outcome, or by their status while they have none: "APPLIED 3, SENT 1". */
function outcomes(command) {
  const counts = {};
  for (const host of command.hosts) {
    const state = host.outcome || host.status;
    counts[state] = (counts[state] || 0) + 1;
  }
  return Object.entries(counts).sort().map(([state, count]) => state + ' ' + count).join(', ') || 'no hosts';
}

function command(view) {
  return el('section', { class: 'command', 'data-command': view.id },
    el('h2', {}, `${view.action} ${of(view)} `, view.dryRun ? el('span', { class: 'pill' }, 'dry run') : null),
    el('p', {}, `${view.hosts.length} host${view.hosts.length === 1 ? '' : 's'}: ${outcomes(view)}`
      + ` · sent ${ago(view.createdAt)} · id ${view.id}`),
    view.dryRun ? dryRunDiff(commandAnswers(view)) : null);
}

page('Commands', async main => {
  const commands = await api('/api/commands?limit=20');
  main.append(el('h1', {}, 'Commands'));
  if (commands.length === 0) main.append(el('p', { class: 'empty' }, 'No command yet.'));
  main.append(...commands.map(command));
});
