import { h, field, statusLine } from '../dom';
import { api, ApiError } from '../api';
import { creditsFor, creditsText } from '../pricing';
import { jobCard } from '../job-card';

/** What the bundled model (models/atelier-shapes-64) was trained to draw, so that shapes do not surprise. */
export const MODEL_DOMAIN = 'The bundled model draws coloured shapes: circles, squares, triangles, stars and crosses '
  + 'in ten colours, placed and sized as the prompt says, one or two at a time, on a plain background. '
  + 'Anything else comes out as shapes too. Try \u201ca red circle on the left on a white background\u201d.';

export const SIZES = ['256x256', '512x512', '1024x1024'];

export function sizeSelect(selected = '256x256'): HTMLSelectElement {
  const select = h('select', { name: 'size' });
  for (const size of SIZES) {
    select.append(h('option', { value: size, selected: size === selected }, size));
  }
  return select;
}

export function countInput(value = 4): HTMLInputElement {
  return h('input', { type: 'number', name: 'n', min: 1, max: 10, step: 1, value, inputmode: 'numeric', required: true });
}

/** Create: prompt, n, size, the price before sending, then each job's progress and images. */
export async function render(root: HTMLElement, route: { params: URLSearchParams }): Promise<void> {
  const prompt = h('textarea', { name: 'prompt', rows: 3, maxlength: 1000, required: true });
  prompt.value = route.params.get('prompt') ?? '';
  const count = countInput(Number(route.params.get('n') ?? 4) || 4);
  const size = sizeSelect(route.params.get('size') ?? '256x256');
  const cost = h('output', { class: 'cost', 'aria-live': 'polite' });
  const status = statusLine();
  const jobs = h('section', { class: 'jobs', 'aria-label': 'Your new images' });
  const showCost = (): void => {
    const n = Number(count.value);
    cost.textContent = Number.isInteger(n) && n >= 1 && n <= 10
      ? `Costs ${creditsText(creditsFor('generation', n))} (1 credit per 4 images).`
      : 'Choose 1 to 10 images.';
  };
  count.addEventListener('input', showCost);
  showCost();
  const generate = h('button', { type: 'submit' }, 'Generate');
  const form = h('form', { class: 'card', 'aria-labelledby': 'create-title' },
    h('h1', { id: 'create-title' }, 'Create'),
    h('div', { class: 'prompt-row' },
      field('Prompt', prompt),
      h('aside', { class: 'model-domain', 'aria-label': 'What the model can draw' }, MODEL_DOMAIN)),
    h('div', { class: 'row' }, field('Number of images', count), field('Size', size)),
    cost,
    generate,
    status.element);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.clear();
    generate.disabled = true;
    api.submitJob({ kind: 'generation', prompt: prompt.value, n: Number(count.value), size: size.value })
      .then((job) => {
        jobs.prepend(jobCard({ ...job, prompt: job.prompt ?? prompt.value }));
        status.info(`Job started: ${creditsText(job.credits)} taken; given back if no image is made.`);
      }, (error: unknown) => status.error(explain(error)))
      .finally(() => {
        generate.disabled = false;
      });
  });
  root.append(form, jobs);
  const started = route.params.get('job');
  if (started) {
    jobs.append(jobCard(await api.job(started)));
  }
}

export function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isContentPolicy) {
      return `Refused by the content policy: ${error.message} Nothing was charged.`;
    }
    if (error.code === 'insufficient_quota') {
      return `Not enough credits: ${error.message} Buy a pack on the Credits page.`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
