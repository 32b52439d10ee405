// Rollouts with their waves' progress (hosts that applied, or answered a dry run, or reverted in a rollback), each
// wave's phase, gate, bake countdown and the canary judge's verdicts; rollouts.html?id= shows one rollout with each of its hosts.
import { api, ago, el, figure, page, table } from './dashboard.js';
import { dryRunDiff, rolloutAnswers } from './dryrun.js';

const selected = new URLSearchParams(location.search).get('id');
const ROLLBACK_PHASES = new Set(['ROLLING_BACK', 'ROLLED_BACK']);

/** "3m12s left" until {@code instant}; "over" once it passed. */
function left(instant) {
  const seconds = Math.floor((Date.parse(instant) - Date.now()) / 1000);
  if (seconds <= 0) return 'over';
  if (seconds < 60) return seconds + 's left';
  if (seconds < 3600) return Math.floor(seconds / 60) + 'm' + String(seconds % 60).padStart(2, '0') + 's left';
  return Math.floor(seconds / 3600) + 'h' + String(Math.floor(seconds % 3600 / 60)).padStart(2, '0') + 'm left';
}

// the page redraws every 15 s; a bake's countdown ticks every second in between
setInterval(() => document.querySelectorAll('[data-until]').forEach(countdown => {
  countdown.textContent = left(countdown.dataset.until);
}), 1000);

/** How far a wave got: hosts that applied, answered (a dry run) or reverted (a rollback), and of how many. */
function progress(view) {
  if (ROLLBACK_PHASES.has(view.phase)) {
    const targets = view.hosts.filter(host => host.rollbackStatus);
    return [targets.filter(host => host.rollbackOutcome === 'REVERTED').length, targets.length, 'rolled back'];
  }
  if (view.phase === 'DRY_RUN') {
    // answered = has an outcome, as the rollout's hostsAnswered counts: a host given up on did not answer
    return [view.hosts.filter(host => host.outcome).length, view.hosts.length, 'answered'];
  }
  return [view.hosts.filter(host => host.state === 'applied').length, view.hosts.length, 'applied'];
}

function wave(view) {
  const [done, total, what] = progress(view);
  const percent = total === 0 ? 100 : Math.round(100 * done / total);
  const filled = el('div');
  filled.style.width = percent + '%'; // set through the DOM: the Content-Security-Policy refuses style attributes
  const baking = view.phase === 'BAKING' && view.bakeUntil;
  return el('div', { class: 'wave', 'data-wave': view.number },
    el('span', {}, 'Wave ' + view.number),
    el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': percent, 'aria-valuemin': 0, 'aria-valuemax': 100 },
      filled),
    el('span', {}, `${done}/${total} ${what} · ${view.phase.toLowerCase().replace('_', ' ')}`,
      baking ? ' · ' : null, baking ? el('span', { class: 'countdown', 'data-until': view.bakeUntil }, left(view.bakeUntil)) : null,
      view.gate ? ' · gate ' + view.gate : ''));
}

/** The canary judge's verdict on each metric check of a wave: result, mode, and its one-line summary. */
function verdicts(view) {
  if (!view.verdicts || view.verdicts.length === 0) return null;
  return el('ul', { class: 'verdicts', 'data-wave': view.number }, view.verdicts.map(verdict =>
    el('li', { 'data-metric': verdict.metric },
      el('span', { class: 'pill ' + verdict.result.toLowerCase() }, verdict.result.toLowerCase().replace('_', ' ')),
      verdict.weaker ? ' (weaker: before/after) ' : ' ', verdict.summary)));
}

function summary(rollout) {
  const share = rollout.state === 'DRY_RUN'
    ? `dry run · ${rollout.hostsAnswered} of ${rollout.hostsTotal} hosts answered`
    : `${rollout.percentApplied}% of hosts applied`;
  // who: unknown for a rollout from before the control plane recorded it
  return `${share} · started ${ago(rollout.createdAt)} by ${rollout.startedBy || 'unknown'}`
    + (rollout.rolledBackBy ? ` · rolled back by ${rollout.rolledBackBy}` : '')
    + ` · id ${rollout.id}` + (rollout.reason ? ' · ' + rollout.reason : '');
}

/** Each host of the rollout: its wave, where it stands, the agent's answers and the gate's figures. */
function hosts(rollout) {
  const rows = rollout.waves.flatMap(view => view.hosts.map(host => ({ ...host, wave: view.number })));
  const figures = host => Object.entries(host.metrics || {}).map(([metric, reading]) =>
    `${metric} ${figure(metric, reading.before)} → ${figure(metric, reading.after)}`).join('; ') || '—';
  return el('div', { class: 'hosts' }, el('h3', {}, 'Hosts'), table([
    ['Host', host => el('a', { href: 'host.html?id=' + encodeURIComponent(host.hostId) }, host.hostname || host.hostId)],
    ['Wave', host => host.wave],
    ['State', host => host.state.replace('_', ' ')],
    ['Outcome', host => host.outcome || '—'],
    ['Rollback', host => host.rollbackOutcome || host.rollbackStatus || '—'],
    ['Gate figures', figures],
    ['Reasons', host => (host.reasons || []).join('; ') || '—'],
  ], rows, 'No hosts.'));
}

function section(rollout, withHosts) {
  return el('section', { class: 'rollout', 'data-rollout': rollout.id },
    el('h2', {}, `${rollout.profile} v${rollout.version} `,
      el('span', { class: 'pill ' + rollout.state.toLowerCase() }, rollout.state.toLowerCase().replace('_', ' ')), ' ',
      withHosts ? null : el('a', { href: 'rollouts.html?id=' + encodeURIComponent(rollout.id), class: 'hosts-link' },
        'hosts')),
    el('p', {}, summary(rollout)),
    rollout.waves.flatMap(view => [wave(view), verdicts(view)].filter(part => part)),
    rollout.state === 'DRY_RUN' ? dryRunDiff(rolloutAnswers(rollout)) : null,
    withHosts ? hosts(rollout) : null);
}

page('Rollouts', async main => {
  if (selected) {
    const rollout = await api('/api/rollouts/' + encodeURIComponent(selected));
    main.append(el('h1', {}, 'Rollout'), el('p', {}, el('a', { href: 'rollouts.html' }, 'All rollouts')),
      section(rollout, true));
    return;
  }
  const rollouts = await api('/api/rollouts?limit=20');
  main.append(el('h1', {}, 'Rollouts'));
  if (rollouts.length === 0) main.append(el('p', { class: 'empty' }, 'No rollout yet.'));
  for (const rollout of rollouts) main.append(section(rollout));
});
