// Verdicts on automated changes, in the two shapes an action's judgement comes in: the canary judge's,
// {verdict: {result, test, p, effect, canary, baseline, window, ...}}, and the closed loop's before it,
// {verdict: "IMPROVED", reasons, hosts}. Pure: the automation page draws them, DashboardIT reads them on recorded ones.
import { el, figure, number } from './dashboard.js';

export const words = text => text.toLowerCase().replaceAll('_', ' ');

export function pill(state) {
  return el('span', { class: 'pill ' + state.toLowerCase() }, words(state));
}

/** The canary judge's verdict, or null for an action judged before it (or not judged). */
export function judged(action) {
  const verdict = action.judgement?.verdict;
  return verdict && typeof verdict === 'object' ? verdict : null;
}

export function weaker(verdict) {
  return verdict.weaker || verdict.mode === 'before_after';
}

/** The verdict in a word: the judge's result, "weaker" for a before/after one, or the closed loop's word. */
export function result(action) {
  const verdict = action.judgement?.verdict;
  if (!verdict) return '—';
  if (typeof verdict === 'string') return pill(verdict);
  return el('span', {}, pill(verdict.result), weaker(verdict) ? ' weaker' : null);
}

/** The judge's verdict on one line: the test, samples, effect against its minimum, p and the mode. */
export function verdictLine(verdict) {
  const percent = verdict.effectPercent === null || verdict.effectPercent === undefined ? ''
    : ` (${number(verdict.effectPercent, 1)}%)`;
  return [words(verdict.result), verdict.test,
    `${verdict.canary?.samples ?? 0} canary and ${verdict.baseline?.samples ?? 0} baseline samples`,
    `effect ${figure(verdict.metric, verdict.effect)}${percent}, minimum ${figure(verdict.metric, verdict.minEffect)}`,
    'p=' + number(verdict.p, 4), 'mode ' + verdict.mode.replace('_', '/') + (weaker(verdict) ? ', weaker' : '')]
    .join(' · ');
}

