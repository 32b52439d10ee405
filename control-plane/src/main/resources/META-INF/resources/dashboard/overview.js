// The fleet at a glance: hosts, stale ones, firing alerts, headline figures and their last six hours.
import { api, ago, chart, el, figure, isoMinusHours, labels, number, page, table, timeSeries } from './dashboard.js';

const HEADLINES = [['established', 'Established'], ['time_wait', 'TIME_WAIT'], ['retransmits_per_s', 'Retransmits/s'],
  ['listen_overflows_per_s', 'Listen overflows/s']];

/** The fleet's sum of {@code metric} per minute over the last {@code hours}, as [instant, value] pairs. */
async function fleetSum(metric, hours) {
  const trend = await api(`/api/trends/${metric}?agg=sum&bucket=1m&from=${isoMinusHours(hours)}`);
  return trend.points.map(point => [point.bucketStart, point.value]);
}

page('Fleet', async main => {
  const [hosts, alerts, ...sums] = await Promise.all([api('/api/hosts'), api('/api/alerts?status=firing'),
    ...HEADLINES.map(([metric]) => fleetSum(metric, 6))]);
  const stale = hosts.filter(host => host.stale);
  const firingByHost = new Map();
  alerts.forEach(alert => firingByHost.set(alert.hostId, (firingByHost.get(alert.hostId) || 0) + 1));
  const card = (name, value, bad, title) => el('div', { class: bad ? 'card bad' : 'card', 'data-card': name, title },
    el('div', { class: 'value' }, value), el('div', { class: 'name' }, name));
  const latest = points => points.length ? points[points.length - 1][1] : null;

  main.append(
    el('h1', {}, 'Fleet'),
    el('div', { class: 'cards' },
      card('Hosts', number(hosts.length)),
      card('Stale', number(stale.length), stale.length > 0),
      card('Firing alerts', number(alerts.length), alerts.length > 0),
      HEADLINES.map(([metric, name], i) => card(name, figure(metric, latest(sums[i])), false,
        'the last minute: the sum of each host\'s average over it'))),
    el('div', { class: 'grid' },
      await chart('Sockets across the fleet, last 6 h', timeSeries(6, [['Established', sums[0], 'established'], ['TIME_WAIT', sums[1], 'time_wait']])),
      await chart('Retransmits and listen overflows per second, last 6 h',
        timeSeries(6, [['Retransmits/s', sums[2], 'retransmits_per_s'], ['Listen overflows/s', sums[3], 'listen_overflows_per_s']]))),
    el('h2', {}, 'Firing alerts'),
    table([
      ['Rule', alert => alert.rule],
      ['Subject', alert => alert.hostId ? el('a', { href: 'host.html?id=' + encodeURIComponent(alert.hostId) }, alert.subject) : alert.subject],
      ['Severity', alert => alert.severity],
      ['Value', alert => figure(alert.metric, alert.lastValue) + ' (threshold ' + figure(alert.metric, alert.threshold) + ')'],
      ['Since', alert => ago(alert.since)],
    ], alerts, 'No alert is firing.'),
    el('h2', {}, 'Hosts'),
    table([
      ['Host', host => el('a', { href: 'host.html?id=' + encodeURIComponent(host.id) }, host.id)],
      ['Hostname', host => host.hostname],
      ['Labels', host => labels(host.labels)],
      ['Last seen', host => ago(host.lastSeen)],
      ['State', host => el('span', { class: 'pill ' + (host.stale ? 'stale' : 'ok') }, host.stale ? 'stale' : 'reporting')],
      ['Firing', host => number(firingByHost.get(host.id) || 0)],
    ], hosts, 'No host has reported yet.'));
});
