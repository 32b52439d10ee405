// The fleet at a glance: hosts, stale ones, firing alerts, headline figures and their last six hours, and the host
// table, which the control plane searches, sorts and pages (GET /api/hosts-page): a page is drawn, never the fleet.
import { api, ago, chart, el, figure, isoMinusHours, labels, number, page, table, timeSeries } from './dashboard.js';

const HEADLINES = [['established', 'Established'], ['time_wait', 'TIME_WAIT'], ['retransmits_per_s', 'Retransmits/s'],
  ['listen_overflows_per_s', 'Listen overflows/s']];
// The figures of a host's latest snapshot the table can rank it by, worst first.
const WORST_BY = [['time_wait', 'TIME_WAIT'], ['retransmits_per_s', 'Retransmits/s'],
  ['listen_overflows_per_s', 'Listen overflows/s'], ['ephemeral_port_usage', 'Ephemeral port use'],
  ['conntrack_usage', 'Conntrack use'], ['established', 'Established'], ['close_wait', 'CLOSE_WAIT'],
  ['syn_recv', 'SYN_RECV'], ['orphans', 'Orphans'], ['resets_sent_per_s', 'Resets sent/s'], ['load1', 'Load (1 min)']];
// ?rows=N changes the page size, so that paging shows on a small fleet too
const ROWS = Math.min(500, Math.max(1, Number(new URLSearchParams(location.search).get('rows')) || 50));
const SEARCH_DELAY_MS = 250;

/** The fleet's sum of {@code metric} per minute over the last {@code hours}, as [instant, value] pairs. */
async function fleetSum(metric, hours) {
  const trend = await api(`/api/trends/${metric}?agg=sum&bucket=1m&from=${isoMinusHours(hours)}`);
  return trend.points.map(point => [point.bucketStart, point.value]);
}

/**
 * The host table with its search, sort, filter and pager. Built once and kept across the page's redraws, so what
 * was typed and chosen stays; each load draws one page of rows, and an answer overtaken by a newer request is dropped.
 */
function hostTable() {
  const query = { q: '', sort: 'id', order: 'asc', stale: '', offset: 0 };
  let firing = new Map();
  let requested = 0;
  let searchTimer;
  const search = el('input', { id: 'host-search', type: 'search', placeholder: 'host, hostname or label=value',
    'aria-label': 'Search hosts' });
  const worstBy = el('select', { id: 'worst-by', 'aria-label': 'Worst hosts by' },
    el('option', { value: '' }, 'any order'), WORST_BY.map(([metric, name]) => el('option', { value: metric }, name)));
  const staleness = el('select', { id: 'host-staleness', 'aria-label': 'Which hosts' },
    el('option', { value: '' }, 'all hosts'), el('option', { value: 'true' }, 'stale only'),
    el('option', { value: 'false' }, 'reporting only'));
  const range = el('span', { id: 'hosts-range' });
  const previous = el('button', { type: 'button', id: 'hosts-previous' }, '‹ Previous');
  const next = el('button', { type: 'button', id: 'hosts-next' }, 'Next ›');
  const head = el('thead');
  const body = el('tbody');
  const message = el('p', { class: 'error', role: 'alert' });
  const section = el('section', { id: 'hosts' },
    el('div', { class: 'table-controls' }, search, el('label', {}, 'Worst hosts by ', worstBy), staleness,
      el('span', { class: 'pager' }, previous, range, next)),
    message, el('table', {}, head, body));

  const figureName = () => WORST_BY.find(([metric]) => metric === query.sort)?.[1];
  // [heading, sort key or null, row => cell]
  const columns = () => [
    ['Host', 'id', host => el('a', { href: 'host.html?id=' + encodeURIComponent(host.id) }, host.id)],
    ['Hostname', 'hostname', host => host.hostname],
    ...(figureName() ? [[figureName(), query.sort, host => figure(query.sort, host.figure)]] : []),
    ['Labels', null, host => labels(host.labels)],
    ['Last seen', 'last_seen', host => ago(host.lastSeen)],
    ['State', null, host => el('span', { class: 'pill ' + (host.stale ? 'stale' : 'ok') }, host.stale ? 'stale' : 'reporting')],
    ['Firing', null, host => number(firing.get(host.id) || 0)],
  ];
  const sortBy = key => {
    query.order = query.sort === key ? (query.order === 'asc' ? 'desc' : 'asc') : key === 'last_seen' ? 'desc' : 'asc';
    query.sort = key;
    worstBy.value = figureName() ? key : '';
    reload();
  };
  const heading = ([name, key]) => el('th', { 'data-sort': key, 'aria-sort': key === query.sort
      ? (query.order === 'asc' ? 'ascending' : 'descending') : null },
    key ? el('button', { type: 'button', class: 'link', onclick: () => sortBy(key) },
      name + (key === query.sort ? (query.order === 'asc' ? ' ▲' : ' ▼') : '')) : name);

  async function load() {
    const mine = ++requested;
    const params = new URLSearchParams({ sort: query.sort, order: query.order, limit: ROWS, offset: query.offset });
    if (query.q) params.set('q', query.q);
    if (query.stale) params.set('stale', query.stale);
    let view;
    try {
      view = await api('/api/hosts-page?' + params);
    } catch (e) {
      if (mine === requested) message.textContent = e.message;
      return;
    }
    if (mine !== requested) return;
    message.textContent = '';
    const shown = columns();
    head.replaceChildren(el('tr', {}, shown.map(heading)));
    body.replaceChildren(...(view.hosts.length === 0
      ? [el('tr', {}, el('td', { class: 'empty', colspan: shown.length },
        view.total === 0 && !query.q && !query.stale ? 'No host has reported yet.' : 'No host matches.'))]
      : view.hosts.map(host => el('tr', { 'data-host': host.id }, shown.map(([, , cell]) => el('td', {}, cell(host)))))));
    range.textContent = view.total === 0 ? ' none ' : ` ${number(view.offset + 1)}–${number(view.offset + view.hosts.length)} of ${number(view.total)} `;
    previous.disabled = view.offset === 0;
    next.disabled = view.offset + view.hosts.length >= view.total;
  }
  const reload = () => {
    query.offset = 0;
    return load();
  };

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      query.q = search.value.trim();
      reload();
    }, SEARCH_DELAY_MS);
  });
  worstBy.addEventListener('change', () => {
    query.sort = worstBy.value || 'id';
    query.order = worstBy.value ? 'desc' : 'asc';
    reload();
  });
  staleness.addEventListener('change', () => {
    query.stale = staleness.value;
    reload();
  });
  previous.addEventListener('click', () => {
    query.offset = Math.max(0, query.offset - ROWS);
    load();
  });
  next.addEventListener('click', () => {
    query.offset += ROWS;
    load();
  });

  return {
    section,
    /** Redraws the page in view with the firing alerts counted by host. */
    refresh(firingByHost) {
      firing = firingByHost;
      return load();
    },
  };
}

const hosts = hostTable();

page('Fleet', async main => {
  const [fleet, alerts, ...sums] = await Promise.all([api('/api/hosts-page?limit=0'), api('/api/alerts?status=firing'),
    ...HEADLINES.map(([metric]) => fleetSum(metric, 6))]);
  const firingByHost = new Map();
  alerts.forEach(alert => firingByHost.set(alert.hostId, (firingByHost.get(alert.hostId) || 0) + 1));
  await hosts.refresh(firingByHost);
  const card = (name, value, bad, title) => el('div', { class: bad ? 'card bad' : 'card', 'data-card': name, title },
    el('div', { class: 'value' }, value), el('div', { class: 'name' }, name));
  const latest = points => points.length ? points[points.length - 1][1] : null;

  main.append(
    el('h1', {}, 'Fleet'),
    el('div', { class: 'cards' },
      card('Hosts', number(fleet.total)),
      card('Stale', number(fleet.stale), fleet.stale > 0),
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
    hosts.section);
});
