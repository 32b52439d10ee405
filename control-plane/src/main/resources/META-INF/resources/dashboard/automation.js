// Automation: proposals waiting for an operator (approve and reject only for an operator's token), recent actions
// with their state, reason and verdict, and the rules; automation.html?id= shows one action with the charts its
// verdict was made on: the judged metric on the canary and baseline hosts over the verdict's window.
import { act, allowed, api, ago, chart, el, figure, number, page, table, time, timeSeriesBetween } from './dashboard.js';
import { judged, pill, result, verdictLine } from './verdicts.js';

const selected = new URLSearchParams(location.search).get('id');
// An action judged without a window (the closed loop's before/after) is charted this far either side of its run.
const MARGIN_MS = 10 * 60000;
// Canary or baseline hosts past this many each are left off the chart (the title says how many): more lines than
// that cannot be told apart, and each is a trend request.
const MAX_LINES_PER_SIDE = 8;

function hostLink(hostId) {
  return el('a', { href: 'host.html?id=' + encodeURIComponent(hostId) }, hostId);
}

function alert(action) {
  return el('span', {}, action.alertRule + ' on ',
    action.alertSubject === 'fleet' ? 'the fleet' : hostLink(action.alertSubject));
}

/** What it runs: {@code web-tuning@3}, or the campaign's kind and target. */
function plan(action) {
  const request = action.plan || {};
  return action.action === 'CAMPAIGN' ? `campaign ${request.kind || 'connect'} → ${request.target}`
    : `${request.profile}@${request.version}`;
}

function started(action) {
  if (action.rolloutId) return el('a', { href: 'rollouts.html?id=' + encodeURIComponent(action.rolloutId) }, 'rollout');
  if (action.campaignId) return el('a', { href: 'campaigns.html' }, 'campaign');
  return '—';
}

/** Approve and Reject for an operator's token while the action is a proposal; nothing otherwise. */
function answers(action) {
  if (action.state !== 'PROPOSED' || !allowed('operator')) return null;
  const answer = (verb, label) => {
    const button = el('button', { type: 'button', ['data-' + verb]: action.id }, label);
    button.addEventListener('click', () => act(button, () =>
      api(`/api/automation/actions/${encodeURIComponent(action.id)}/${verb}`, { method: 'POST', body: '{}' })));
    return button;
  };
  return el('span', {}, answer('approve', 'Approve'), ' ', answer('reject', 'Reject'));
}

function details(action) {
  return el('a', { href: 'automation.html?id=' + encodeURIComponent(action.id), 'data-action': action.id }, 'details');
}

function applies(rule) {
  return rule.campaign ? `campaign ${rule.campaign.kind || 'connect'} → ${rule.campaign.target}`
    : `${rule.profile}@${rule.profileVersion}`;
}

/**
 * Each host's figure over the window, raw snapshots where the window is short enough to read them; a host removed
 * since has no line rather than no page.
 */
function trend(hostId, metric, fromMs, toMs) {
  const bucket = toMs - fromMs <= 6 * 3600000 ? '&bucket=raw' : '';
  return api(`/api/hosts/${encodeURIComponent(hostId)}/trends/${metric}?from=${new Date(fromMs).toISOString()}`
    + `&to=${new Date(toMs).toISOString()}${bucket}`).catch(() => ({ points: [], events: [] }));
}

/**
 * The judged metric on the canary hosts and the baseline hosts over the verdict's window (reaching back to the
 * action's start, so the apply shows), the window's ends marked; for a verdict without one (the closed loop's), the
 * action's hosts from 10 min before it started to 10 min after its last move. The apply is marked: the canary hosts'
 * change events, or the action's start where they have none.
 */
async function verdictChart(action) {
  const verdict = judged(action);
  const span = verdict?.window;
  const metric = verdict?.metric || action.metric;
  const startMs = Date.parse(action.startedAt || action.createdAt);
  const fromMs = span ? Math.min(Date.parse(span.from), startMs) : startMs - MARGIN_MS;
  const toMs = Math.min(Date.now(), span ? Date.parse(span.to) : Date.parse(action.updatedAt) + MARGIN_MS);
  const allCanary = verdict ? verdict.canary?.hosts || [] : action.hostIds;
  const allBaseline = (verdict?.baseline?.hosts || []).filter(host => !allCanary.includes(host));
  const canary = allCanary.slice(0, MAX_LINES_PER_SIDE);
  const baseline = allBaseline.slice(0, MAX_LINES_PER_SIDE);
  const lines = [...canary.map(host => ['canary', host]), ...baseline.map(host => ['baseline', host])];
  const views = await Promise.all(lines.map(([, host]) => trend(host, metric, fromMs, toMs)));
  const events = views.slice(0, canary.length).flatMap(view => view.events);
  if (action.startedAt && !events.some(event => event.type === 'apply')) {
    events.push({ type: 'automation started', at: action.startedAt });
  }
  if (span) {
    events.push({ type: 'verdict window from', at: span.from }, { type: 'verdict window to', at: span.to });
  }
  const series = views.map((view, i) => [lines[i][0] + ' ' + lines[i][1],
    view.points.filter(p => p.samples > 0).map(p => [p.bucketStart, p.avg]), metric]);
  const more = (side, all, shown) => all.length > shown.length ? ` (+${all.length - shown.length} more ${side})` : '';
  const title = (span ? `${metric}: canary against baseline over the verdict's window`
    : `${metric} on the action's hosts, 10 min either side of its run`)
    + more('canary', allCanary, canary) + more('baseline', allBaseline, baseline);
  return chart(title, timeSeriesBetween(fromMs, toMs, series, events));
}

/** The verdict's terms: the judge's, or the closed loop's word, reasons and each host's before and after. */
function verdictTerms(action) {
  const verdict = judged(action);
  if (verdict) {
    const group = side => `${(side?.hosts || []).join(', ') || 'none'} (median ${figure(verdict.metric, side?.median)})`;
    return [['Verdict', el('span', { 'data-verdict': '' }, verdictLine(verdict))], ['Summary', verdict.summary || '—'],
      ['Canary', group(verdict.canary)], ['Baseline', group(verdict.baseline)],
      ['Window', verdict.window ? time(verdict.window.from) + ' – ' + time(verdict.window.to) : '—']];
  }
  const judgement = action.judgement;
  if (!judgement?.verdict) return [['Verdict', 'not judged']];
  return [['Verdict', el('span', { 'data-verdict': '' }, judgement.verdict)],
    ['Reasons', (judgement.reasons || []).join('; ') || '—'],
    ...Object.entries(judgement.hosts || {}).map(([host, figures]) =>
      [host, `${figure(action.metric, figures.before)} → ${figure(action.metric, figures.after)}`])];
}

async function actionPage(main, view) {
  const terms = [
    ['State', el('span', {}, pill(view.state), ' ', answers(view))],
    ['Rule', view.rule],
    ['Alert', el('span', {}, alert(view), `: ${view.metric} ${view.comparison.toLowerCase()}, `
      + `${figure(view.metric, view.alertValue)} when it fired`)],
    ['Hosts', el('span', {}, view.hostIds.flatMap((host, i) => i === 0 ? [hostLink(host)] : [', ', hostLink(host)]))],
    ['Plan', el('span', {}, plan(view), ' ', el('code', {}, JSON.stringify(view.plan)))],
    ['Started', el('span', {}, started(view), view.startedAt ? ' ' + ago(view.startedAt) : '')],
    ['Reason', view.reason || '—'],
    ...verdictTerms(view),
  ];
  main.append(el('h1', {}, 'Automation action'), el('p', {}, el('a', { href: 'automation.html' }, 'All actions')),
    el('section', { class: 'automation-action', 'data-action': view.id },
      table([['', ([term]) => term], ['', ([, value]) => value]], terms),
      el('div', { class: 'grid' }, await verdictChart(view))));
}

page('Automation', async main => {
  if (selected) {
    await actionPage(main, await api('/api/automation/actions/' + encodeURIComponent(selected)));
    return;
  }
  const [proposals, actions, rules] = await Promise.all([api('/api/automation/actions?state=proposed&limit=100'),
    api('/api/automation/actions?limit=50'), api('/api/automation/rules')]);
  main.append(
    el('h1', {}, 'Automation'),
    el('h2', {}, 'Proposals'),
    el('div', { id: 'proposals' }, table([
      ['Rule', a => a.rule],
      ['Alert', alert],
      ['Value when it fired', a => figure(a.metric, a.alertValue) + ' ' + a.metric],
      ['Hosts', a => a.hostIds.join(', ')],
      ['Plan', plan],
      ['Proposed', a => ago(a.createdAt)],
      ['', a => el('span', {}, details(a), ' ', answers(a))],
    ], proposals, 'No proposal waits for an operator.')),
    el('h2', {}, 'Recent actions'),
    el('div', { id: 'actions' }, table([
      ['State', a => pill(a.state)],
      ['Rule', a => a.rule],
      ['Alert', alert],
      ['Plan', plan],
      ['Started', started],
      ['Reason', a => a.reason || '—'],
      ['Verdict', result],
      ['Age', a => ago(a.createdAt)],
      ['', details],
    ], actions, 'Automation has not acted yet.')),
    el('h2', {}, 'Rules'),
    table([
      ['Name', rule => rule.name],
      ['Alert rule', rule => rule.alertRule],
      ['Applies', applies],
      ['Mode', rule => rule.mode],
      ['Cooldown', rule => number(rule.cooldownSeconds / 60, 1) + ' min'],
      ['Enabled', rule => rule.stoppedReason ? 'stopped: ' + rule.stoppedReason : rule.enabled ? 'yes' : 'no'],
    ], rules, 'No automation rule.'));
});
