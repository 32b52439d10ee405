// Rollouts with their waves' progress: how many hosts of each wave applied, its phase and its gate.
import { api, ago, el, page } from './dashboard.js';
import { dryRunDiff, rolloutAnswers } from './dryrun.js';

function wave(view) {
  const total = view.hosts.length;
  const applied = view.hosts.filter(host => host.state === 'applied' || host.state === 'planned').length;
  const percent = total === 0 ? 0 : Math.round(100 * applied / total);
  const filled = el('div');
  filled.style.width = percent + '%'; // set through the DOM: the Content-Security-Policy refuses style attributes
  return el('div', { class: 'wave', 'data-wave': view.wave },
    el('span', {}, 'Wave ' + (view.wave + 1)),
    el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': percent, 'aria-valuemin': 0, 'aria-valuemax': 100 },
      filled),
    el('span', {}, `${applied}/${total} applied · ${view.phase.toLowerCase()}` + (view.gate ? ' · gate ' + view.gate : '')));
}

page('Rollouts', async main => {
  const rollouts = await api('/api/rollouts?limit=20');
  main.append(el('h1', {}, 'Rollouts'));
  if (rollouts.length === 0) main.append(el('p', { class: 'empty' }, 'No rollout yet.'));
  for (const rollout of rollouts) {
    main.append(el('section', { class: 'rollout', 'data-rollout': rollout.id },
      el('h2', {}, `${rollout.profile} v${rollout.version} `,
        el('span', { class: 'pill ' + rollout.state.toLowerCase() }, rollout.state.toLowerCase())),
      el('p', {}, `${rollout.percentApplied}% of hosts applied · started ${ago(rollout.createdAt)} · id ${rollout.id}`
        + (rollout.reason ? ' · ' + rollout.reason : '')),
      rollout.waves.map(wave),
      rollout.state === 'DRY_RUN' ? dryRunDiff(rolloutAnswers(rollout)) : null));
  }
});
