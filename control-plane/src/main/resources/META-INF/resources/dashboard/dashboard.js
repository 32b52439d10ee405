// What every dashboard page shares: the API token, requests, the page frame, formatting and charts.
// The pages are plain ES modules over the REST API: no build step, no state but the token.

const TOKEN_KEY = 'tcpfleet-token';
// Served from the org.mvnpm:echarts jar (control-plane/pom.xml); DashboardIT fails if the two disagree.
const ECHARTS = '/_static/echarts/5.6.0/dist/echarts.min.js';
const REFRESH_MS = 15000;

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** A request to the API with the signed-in token; the answer's JSON, or an ApiError with its detail. */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), 'Content-Type': 'application/json' },
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
    throw new ApiError(401, 'signed out: the token is no longer in force');
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body.detail || response.statusText);
  }
  return response.status === 204 ? null : response.json();
}

/**
 * An element with attributes (on* ones as listeners) and children (strings become text). No style attribute: the
 * Content-Security-Policy refuses inline styles, so set {@code element.style} instead.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A table of rows; each column is [heading, row => cell]. */
export function table(columns, rows, empty = 'none') {
  if (rows.length === 0) return el('p', { class: 'empty' }, empty);
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map(([heading]) => el('th', {}, heading)))),
    el('tbody', {}, rows.map(row => el('tr', {}, columns.map(([, cell]) => el('td', {}, cell(row)))))));
}

const PAGES = [['index.html', 'Fleet'], ['rollouts.html', 'Rollouts'], ['commands.html', 'Commands'],
  ['campaigns.html', 'Campaigns'], ['alerts.html', 'Alerts'], ['automation.html', 'Automation']];

const ROLES = ['viewer', 'operator', 'admin'];
let caller;
let redraw;

/** Whether the signed-in token's role reaches {@code role}: controls it could not use are not shown. */
export function allowed(role) {
  return ROLES.indexOf(caller?.role) >= ROLES.indexOf(role);
}

/**
 * Lays out the page and runs {@code render(main)} once signed in, again every 15 s; what it throws is shown
 * instead of the page, in words.
 */
export function page(title, render) {
  document.title = 'tcpfleet · ' + title;
  const here = location.pathname.split('/').pop() || 'index.html';
  const main = el('main');
  const status = el('span', { class: 'status' });
  const who = el('span', { id: 'signed-in-as' });
  const header = el('header', {},
    el('strong', {}, 'tcpfleet'),
    el('nav', {}, PAGES.map(([href, name]) => el('a', { href, class: href === here ? 'current' : null }, name))),
    status);
  document.body.append(header, main);
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    main.append(signIn());
    return;
  }
  // shown only once signed in: before, there is nobody to name or sign out
  header.append(who, el('button', { type: 'button', class: 'link', id: 'sign-out',
    onclick: () => { sessionStorage.removeItem(TOKEN_KEY); location.reload(); } }, 'Sign out'));
  let drawing = false;
  const draw = async () => {
    // a redraw slower than the interval is not stacked on: the next tick draws the state of then
    if (drawing) return;
    drawing = true;
    try {
      caller ??= await api('/api/caller');
      who.textContent = caller.name + ' (' + caller.role + ')';
      const fresh = el('div');
      await render(fresh);
      main.querySelectorAll('.chart').forEach(box => window.echarts?.getInstanceByDom(box)?.dispose());
      // a part kept across redraws (the host table's search box) is moved back in place: it keeps the focus
      const focused = document.activeElement;
      main.replaceChildren(...fresh.childNodes);
      if (focused !== document.activeElement && main.contains(focused)) focused.focus();
      drawCharts(main);
      status.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      main.replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message));
    } finally {
      drawing = false;
    }
  };
  redraw = draw;
  draw();
  setInterval(draw, REFRESH_MS);
  return draw;
}

/**
 * An operator's button: disabled while {@code request} runs, then the page is drawn again to show its effect; a
 * refusal is shown beside the button, in the API's words.
 */
export async function act(button, request) {
  button.disabled = true;
  try {
    await request();
    await redraw();
  } catch (e) {
    button.disabled = false;
    button.after(el('span', { class: 'error', role: 'alert' }, ' ' + e.message));
  }
}

function signIn() {
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'tf_...', required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  const form = el('form', { class: 'sign-in' },
    el('h1', {}, 'Sign in'),
    el('label', { for: 'token' }, 'API token'), input,
    el('button', { type: 'submit', id: 'sign-in' }, 'Sign in'),
    message,
    el('p', { class: 'hint' }, 'A viewer token shows everything; silencing alerts or answering automation\'s proposals needs an operator token.'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const response = await fetch('/api/hosts', { headers: { Authorization: 'Bearer ' + input.value.trim() } });
    if (response.ok) {
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      location.reload();
    } else {
      message.textContent = response.status === 401 ? 'That token is not in force.' : 'The control plane answered ' + response.status;
    }
  });
  return form;
}

export function ago(instant) {
  if (!instant) return '—';
  const seconds = Math.round((Date.now() - Date.parse(instant)) / 1000);
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
  return Math.round(seconds / 86400) + ' d ago';
}

export function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '—';
}

export function number(value, digits = 0) {
  return value === null || value === undefined ? '—'
    : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

const COMPACT = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** A number in at most four or five characters (12.3K, 1.2M): an axis label that fits its room whole. */
export function compact(value) {
  return COMPACT.format(value);
}

/** A ratio (0..1) as a percentage, to two decimals: an axis of small shares must not repeat a label. */
export function percent(ratio) {
  return ratio === null || ratio === undefined ? '—' : number(100 * ratio, 2) + '%';
}

// Metrics by the API's names whose figures are socket counts or ratios; the others (rates, load) keep decimals.
const COUNTS = new Set(['sockets', 'established', 'time_wait', 'syn_recv', 'close_wait', 'orphans']);
const RATIOS = new Set(['ephemeral_port_usage', 'conntrack_usage']);

/** A figure of {@code metric}: counts as integers (an average over a bucket is rounded), ratios as percentages. */
export function figure(metric, value) {
  return RATIOS.has(metric) ? percent(value) : COUNTS.has(metric) ? number(value) : number(value, 2);
}

/** What a chart's tooltip says of one of {@code metric}'s points, each an average over its bucket. */
function averageFigure(metric) {
  return value => figure(metric, value) + (COUNTS.has(metric) ? ' (average over the bucket, rounded)' : '');
}

export function micros(value) {
  return value >= 1000000 ? number(value / 1000000, 2) + ' s' : value >= 1000 ? number(value / 1000, 1) + ' ms'
    : number(value) + ' µs';
}

export function labels(map) {
  return Object.entries(map || {}).map(([key, value]) => key + '=' + value).join(', ');
}

export function isoMinusHours(hours) {
  return new Date(Date.now() - hours * 3600000).toISOString();
}

let echartsLoaded;

function echarts() {
  echartsLoaded ??= new Promise((resolve, reject) => {
    const script = el('script', { src: ECHARTS });
    script.onload = () => resolve(window.echarts);
    script.onerror = () => reject(new Error('the charting library did not load from ' + ECHARTS));
    document.head.append(script);
  });
  return echartsLoaded;
}

/**
 * A chart in a titled box; {@code option} is an ECharts option. It is drawn once the page is in place
 * ({@link drawCharts}): a chart drawn into a box not yet in the page would have no size.
 */
export async function chart(title, option) {
  await echarts();
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': title });
  // tooltips drawn on the canvas: ECharts' HTML ones carry inline styles, which the Content-Security-Policy refuses
  box.chartOption = { animation: false, tooltip: { trigger: 'axis', renderMode: 'richText' }, ...option };
  return el('figure', {}, el('figcaption', {}, title), box);
}

function drawCharts(container) {
  container.querySelectorAll('.chart').forEach(box => window.echarts.init(box).setOption(box.chartOption));
}

// Change marks are at least this fraction of a chart's width apart; closer ones merge into one. A chart is at least
// 28rem wide (dashboard.css) and a mark's label, written along its line, about 16 px across.
const MARKS_ACROSS = 24;

// who made it; a change from before the control plane recorded that has no actor and names none
function change(event) {
  return event.type + (event.outcome ? ' ' + event.outcome : '') + (event.actor ? ' by ' + event.actor : '');
}

/**
 * The marks of {@code events} on a time axis {@code spanMs} wide: events within {@code spanMs / MARKS_ACROSS} of a
 * mark's first merge into it, labelled "3 changes", listing each in {@code changes} for its tooltip; so no two marks
 * are closer than that and their labels never stack.
 */
export function changeMarks(events, spanMs) {
  const gap = spanMs / MARKS_ACROSS;
  const marks = [];
  for (const event of [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const at = Date.parse(event.at);
    const last = marks[marks.length - 1];
    if (last && at - last.xAxis < gap) last.changes.push(change(event));
    else marks.push({ xAxis: at, changes: [change(event)] });
  }
  return marks.map(mark => ({ ...mark, name: mark.changes.length === 1 ? mark.changes[0] : mark.changes.length + ' changes' }));
}

/**
 * Time-series lines over the last {@code hours}, one per [name, points, metric] where points are [instant, value]
 * pairs, each an average over its bucket; events become marks. The metric chooses how values read: counts rounded,
 * ratios in percent. The axis labels are short (12.3K) and given the room they need, so none loses a digit.
 */
export function timeSeries(hours, series, events = []) {
  return timeSeriesBetween(Date.now() - hours * 3600000, Date.now(), series, events);
}

/** As {@link timeSeries}, over the window from {@code fromMs} to {@code toMs} (epoch milliseconds). */
export function timeSeriesBetween(fromMs, toMs, series, events = []) {
  const ratios = series.every(([, , metric]) => RATIOS.has(metric));
  return {
    legend: {},
    grid: { left: 10, right: 20, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: 'time', min: fromMs, max: toMs },
    yAxis: ratios ? { type: 'value', axisLabel: { formatter: value => percent(value) } }
      : { type: 'value', axisLabel: { formatter: compact },
        minInterval: series.every(([, , metric]) => COUNTS.has(metric)) ? 1 : undefined },
    series: series.map(([name, data, metric], index) => ({
      name, type: 'line', showSymbol: data.length < 50, data,
      tooltip: { valueFormatter: averageFigure(metric) },
      markLine: index === 0 && events.length > 0 ? {
        symbol: 'none', label: { formatter: mark => mark.name, position: 'insideEndTop' },
        tooltip: { trigger: 'item', formatter: mark => mark.data.changes.join('\n') },
        data: changeMarks(events, toMs - fromMs),
      } : undefined,
    })),
  };
}
