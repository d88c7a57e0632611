import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h, statusLine } from '../dom';
import { api, type Bucket, type BucketPage, type UsageResult } from '../api';
import { explain } from './create';

const DAYS = 30;
const MAX_PAGES = 12;
/** Accounts (OpenAI's projects) in the top list, by credits spent over the period. */
const TOP_ACCOUNTS = 10;
const SERIES_COLOURS = ['#3b2f8f', '#e4572e', '#2a9d8f', '#f2a541', '#6d597a', '#1d3557'];

/** The cost dashboard (admins): per day from the usage and costs APIs, totals by dimension, top accounts. */
export async function render(root: HTMLElement): Promise<void> {
  const status = statusLine();
  const charts = h('div', { class: 'charts' });
  const tables = h('div', { class: 'tables' });
  root.append(h('section', { class: 'card', 'aria-labelledby': 'dashboard-title' },
    h('h1', { id: 'dashboard-title' }, 'Costs and usage'),
    h('p', { class: 'hint' }, `The last ${DAYS} days, per UTC day.`), status.element, charts, tables));
  const start = startOfDayUtc(Date.now() / 1000 - DAYS * 86400);
  try {
    const [bySize, costs, bySource, byKey, byUser, byAccount] = await Promise.all([
      allBuckets((page) => api.imageUsage(start, 'size', page)),
      allBuckets((page) => api.costs(start, page)),
      allBuckets((page) => api.imageUsage(start, 'source', page)),
      allBuckets((page) => api.imageUsage(start, 'api_key_id', page)),
      allBuckets((page) => api.imageUsage(start, 'user_id', page)),
      allBuckets((page) => api.imageUsage(start, 'project_id', page)),
    ]);
    const days = bySize.map((bucket) => bucket.start_time);
    const sizes = [...new Set(bySize.flatMap((bucket) => bucket.results.map((result) => result.size ?? 'all')))].sort();
    charts.append(
      chart('Images per day, by size', days, sizes.map((size) => ({
        label: size,
        values: bySize.map((bucket) => sum(bucket.results.filter((result) => (result.size ?? 'all') === size), 'images')),
      }))),
      chart('Credits spent per day', days, [{ label: 'credits', values: bySize.map((bucket) => sum(bucket.results, 'credits_spent')) }]),
      // A stack without a GPU (the local one) draws on the CPU: its device time shows beside the GPU's.
      chart('GPU and device seconds per day', days, [
        { label: 'GPU seconds', values: bySize.map((bucket) => sum(bucket.results, 'gpu_seconds')) },
        { label: 'device seconds', values: bySize.map((bucket) => sum(bucket.results, 'device_seconds')) },
      ]),
      chart('Cost per day (USD)', costs.map((bucket) => bucket.start_time), [{
        label: 'USD',
        values: costs.map((bucket) => bucket.results.reduce((total, result) => total + (result.amount?.value ?? 0), 0)),
      }]));
    tables.append(
      totalsTable('By source', 'source', bySource),
      totalsTable('By API key', 'api_key_id', byKey),
      totalsTable('By user', 'user_id', byUser),
      totalsTable('Top accounts', 'project_id', byAccount, TOP_ACCOUNTS));
  } catch (error) {
    status.error(`The usage could not be read: ${explain(error)}`);
  }
}

function startOfDayUtc(epochSeconds: number): number {
  return Math.floor(epochSeconds / 86400) * 86400;
}

/** Every bucket of the period, following next_page as OpenAI's usage API pages them. */
async function allBuckets(read: (page: string | null) => Promise<BucketPage>): Promise<Bucket[]> {
  const buckets: Bucket[] = [];
  let page: string | null = null;
  for (let count = 0; count < MAX_PAGES; count += 1) {
    const answer = await read(page);
    buckets.push(...answer.data);
    if (!answer.has_more || !answer.next_page) {
      break;
    }
    page = answer.next_page;
  }
  return buckets.sort((a, b) => a.start_time - b.start_time);
}

function sum(results: UsageResult[], field: 'images' | 'credits_spent' | 'gpu_seconds' | 'device_seconds'): number {
  return results.reduce((total, result) => total + (result[field] ?? 0), 0);
}

function chart(title: string, days: number[], series: { label: string; values: number[] }[]): HTMLElement {
  const points = series.reduce((count, line) => count + line.values.filter((value) => value > 0).length, 0);
  const target = h('div', { class: 'chart-area' });
  const totals = series.map((line) => `${line.label}: ${round(line.values.reduce((a, b) => a + b, 0))}`).join(', ');
  const figure = h('figure', { class: 'chart', 'data-points': points, 'aria-label': `${title}. Totals: ${totals}` },
    h('figcaption', {}, title), target, h('p', { class: 'hint' }, `Totals over the period: ${totals}`));
  // uPlot measures its container, so it draws once the figure is on the page.
  requestAnimationFrame(() => {
    const width = Math.max(280, target.clientWidth);
    new uPlot({
      width,
      height: 200,
      scales: { x: { time: true } },
      axes: [{}, { values: (_chart, ticks) => ticks.map(round), size: 64 }],
      series: [{}, ...series.map((line, index) => ({
        label: line.label,
        stroke: SERIES_COLOURS[index % SERIES_COLOURS.length],
        width: 2,
        points: { show: true },
      }))],
    }, [days, ...series.map((line) => line.values)], target);
  });
  return figure;
}

/** Whole numbers as they are; fractions to two decimals, or two significant digits below 1 (a cent is a lot here). */
function round(value: number): string {
  if (Number.isInteger(value)) {
    return String(value);
  }
  return Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(2);
}

/** Images, credits and GPU seconds per value of one dimension, most credits first; at most `rows` of them. */
function totalsTable(title: string, dimension: keyof UsageResult, buckets: Bucket[], rows = Infinity): HTMLElement {
  const totals = new Map<string, { images: number; credits: number; gpu: number }>();
  for (const result of buckets.flatMap((bucket) => bucket.results)) {
    const key = String(result[dimension] ?? '(none)');
    const total = totals.get(key) ?? { images: 0, credits: 0, gpu: 0 };
    total.images += result.images ?? 0;
    total.credits += result.credits_spent ?? 0;
    total.gpu += result.gpu_seconds ?? 0;
    totals.set(key, total);
  }
  const lines = [...totals.entries()].sort((a, b) => b[1].credits - a[1].credits).slice(0, rows)
    .map(([key, total]) => h('tr', {}, h('th', { scope: 'row' }, key), h('td', { class: 'number' }, String(total.images)),
      h('td', { class: 'number' }, String(total.credits)), h('td', { class: 'number' }, round(total.gpu))));
  return table(title, ['Images', 'Credits', 'GPU s'], lines);
}

function table(title: string, columns: string[], rows: HTMLElement[]): HTMLElement {
  return h('div', { class: 'table-scroll' }, h('table', {},
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Who'), ...columns.map((column) => h('th', { scope: 'col' }, column)))),
    h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: columns.length + 1 }, 'No usage in this period.'))]))));
}
