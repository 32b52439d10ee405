// Stress-test campaigns: the fleet's merged connect latencies as a histogram, with counts and failures.
import { api, ago, chart, el, micros, number, page, table } from './dashboard.js';

async function campaign(view) {
  const fleet = view.fleet;
  const target = view.test.host + ':' + view.test.port;
  const bars = fleet.distribution || [];
  return el('section', { class: 'campaign', 'data-campaign': view.id },
    el('h2', {}, `${view.test.kind.toLowerCase()} → ${target} `,
      el('span', { class: 'pill ' + view.status.toLowerCase() }, view.status.toLowerCase()),
      view.warning ? el('span', { class: 'pill failed' }, 'error rate high') : null),
    el('p', {}, `started ${ago(view.createdAt)} · ${fleet.hostsRun} hosts ran, ${fleet.hostsRefused} refused · `
      + `${number(fleet.successes)} of ${number(fleet.attempted)} connects succeeded · error rate ${number(100 * fleet.errorRate, 2)}%`),
    table([
      ['Connects', s => number(s.count)], ['p50', s => micros(s.p50Micros)], ['p90', s => micros(s.p90Micros)],
      ['p99', s => micros(s.p99Micros)], ['max', s => micros(s.maxMicros)],
    ], [fleet.latency]),
    refusals(view.hosts.filter(host => host.status === 'REFUSED')),
    await chart('Connect latency, every host merged', {
      grid: { left: 60, right: 20, top: 30, bottom: 50 },
      xAxis: { type: 'category', name: 'connect time, up to', nameLocation: 'middle', nameGap: 28,
        data: bars.map(bar => micros(bar.upToMicros)) },
      yAxis: { type: 'value', name: 'connects' },
      series: [{ name: 'connects', type: 'bar', data: bars.map(bar => bar.count) }],
    }));
}

// Each refused host with its agent's reason, which names the agent setting that would let the test run.
function refusals(refused) {
  if (refused.length === 0) return null;
  return el('div', { class: 'refusals' }, el('h3', {}, 'Refused by their agents'),
    table([['Host', h => h.hostId], ['Reason', h => h.result?.refusal || '']], refused));
}

page('Campaigns', async main => {
  const campaigns = await api('/api/campaigns?limit=10');
  main.append(el('h1', {}, 'Campaigns'));
  if (campaigns.length === 0) main.append(el('p', { class: 'empty' }, 'No campaign yet.'));
  for (const view of campaigns) main.append(await campaign(view));
});
