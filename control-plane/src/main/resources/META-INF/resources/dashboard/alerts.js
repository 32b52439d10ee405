// Alerts that are pending or firing, with a button to silence each, and the silences in force; the buttons only for
// an operator's token, as a viewer's could not use them.
import { act, allowed, api, ago, el, figure, page, table, time } from './dashboard.js';

function silenceButton(alert) {
  if (alert.silencedBy) return el('span', { class: 'pill' }, 'silenced');
  if (!allowed('operator')) return null;
  const button = el('button', { type: 'button', 'data-silence': alert.rule + '/' + alert.subject });
  button.textContent = 'Silence 1 h';
  button.addEventListener('click', () => act(button, () => api('/api/alerts/silences', {
    method: 'POST',
    body: JSON.stringify({ rule: alert.rule, hostId: alert.hostId, minutes: 60, reason: 'silenced from the dashboard' }),
  })));
  return button;
}

function endButton(silence) {
  const button = el('button', { type: 'button', 'data-end': silence.id }, 'End');
  button.addEventListener('click', () => act(button, () => api('/api/alerts/silences/' + silence.id, { method: 'DELETE' })));
  return button;
}

page('Alerts', async main => {
  const [alerts, silences] = await Promise.all([api('/api/alerts'), api('/api/alerts/silences')]);
  main.append(
    el('h1', {}, 'Alerts'),
    table([
      ['Status', alert => el('span', { class: 'pill ' + alert.status.toLowerCase() }, alert.status.toLowerCase())],
      ['Rule', alert => alert.rule],
      ['Subject', alert => alert.hostId ? el('a', { href: 'host.html?id=' + encodeURIComponent(alert.hostId) }, alert.subject) : alert.subject],
      ['Severity', alert => alert.severity],
      ['Metric', alert => alert.metric + (alert.aggregate ? ' (' + alert.aggregate + ')' : '')],
      ['Value', alert => figure(alert.metric, alert.lastValue) + ' ' + alert.comparison + ' ' + figure(alert.metric, alert.threshold)],
      ['Since', alert => ago(alert.since)],
      ['', silenceButton],
    ], alerts, 'No alert is pending or firing.'),
    el('h2', {}, 'Silences'),
    table([
      ['Rule', silence => silence.rule || 'every rule'],
      ['Host', silence => silence.hostId || 'every host'],
      ['Reason', silence => silence.reason],
      ['Ends', silence => time(silence.endsAt)],
      ...(allowed('operator') ? [['', endButton]] : []),
    ], silences, 'No silence is in force.'));
});
