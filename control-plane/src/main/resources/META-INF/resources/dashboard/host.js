// One host: its TCP states, ports and counter rates over a chosen range, with what was done to it marked.
import { api, ago, chart, el, isoMinusHours, labels, number, page, table, timeSeries } from './dashboard.js';

const RANGES = [['1 h', 1], ['6 h', 6], ['24 h', 24], ['7 d', 168]];
const CHARTS = [
  ['TCP states', [['established', 'Established'], ['time_wait', 'TIME_WAIT'], ['close_wait', 'CLOSE_WAIT'], ['syn_recv', 'SYN_RECV']]],
  ['Ports', [['ephemeral_port_usage', 'Busiest destination\'s share of ephemeral ports'], ['conntrack_usage', 'Conntrack use']]],
  ['Counter rates (per second)', [['retransmits_per_s', 'Retransmits'], ['listen_overflows_per_s', 'Listen overflows'], ['resets_sent_per_s', 'Resets sent']]],
];

const params = new URLSearchParams(location.search);
const hostId = params.get('id');
const hours = Number(params.get('hours')) || 1;

function trend(metric) {
  return api(`/api/hosts/${encodeURIComponent(hostId)}/trends/${metric}?from=${isoMinusHours(hours)}`);
}

page('Host', async main => {
  if (!hostId) throw new Error('No host chosen: open a host from the fleet page.');
  const [host, latest] = await Promise.all([api('/api/hosts/' + encodeURIComponent(hostId)),
    api(`/api/hosts/${encodeURIComponent(hostId)}/snapshots/latest`).catch(() => null)]);
  const charts = [];
  let events = [];
  for (const [title, metrics] of CHARTS) {
    const views = await Promise.all(metrics.map(([metric]) => trend(metric)));
    events = views[0].events;
    charts.push(await chart(title, timeSeries(hours, views.map((view, i) =>
      [metrics[i][1], view.points.filter(p => p.samples > 0).map(p => [p.bucketStart, p.avg]), metrics[i][0]]), events)));
  }
  const snapshot = latest?.snapshot;
  main.append(
    el('h1', {}, host.id, ' ', el('span', { class: 'pill ' + (host.stale ? 'stale' : 'ok') }, host.stale ? 'stale' : 'reporting')),
    el('p', {}, host.hostname, ' · ', labels(host.labels), ' · agent ', host.agentVersion, ' · last seen ', ago(host.lastSeen)),
    el('div', { class: 'ranges' }, 'Range: ', RANGES.map(([name, h]) =>
      el('a', { href: `host.html?id=${encodeURIComponent(hostId)}&hours=${h}`, class: h === hours ? 'current' : null }, name + ' '))),
    el('div', { class: 'grid' }, charts),
    el('h2', {}, 'Changes in range'),
    table([
      ['When', event => new Date(event.at).toLocaleString()],
      ['What', event => event.type + (event.profile ? ' ' + event.profile + ' v' + event.version : '') + (event.kind ? ' ' + event.kind : '')],
      ['Outcome', event => event.outcome || '—'],
      ['By', event => event.actor || 'unknown'],
      ['Rollout', event => event.rolloutId
        ? el('a', { href: 'rollouts.html?id=' + encodeURIComponent(event.rolloutId) }, event.rolloutId.slice(0, 8)) : '—'],
      ['Action', event => event.actionId ? event.actionId.slice(0, 8) : '—'],
    ], events, 'Nothing was done to this host in this range.'),
    el('h2', {}, 'Busiest ports now'),
    table([
      ['Port', port => port.port],
      ['Sockets', port => number(port.total)],
      ['Established', port => number(port.states?.ESTABLISHED || 0)],
      ['TIME_WAIT', port => number(port.states?.TIME_WAIT || 0)],
    ], snapshot?.topPorts || [], 'No snapshot yet.'),
    el('h2', {}, 'Findings now'),
    table([
      ['Severity', finding => finding.severity],
      ['Finding', finding => finding.code + (finding.subject ? ' (' + finding.subject + ')' : '')],
      ['Evidence', finding => finding.evidence],
      ['Action', finding => finding.action],
    ], snapshot?.findings || [], 'Nothing wrong found.'));
});
