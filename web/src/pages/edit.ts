import { h, field, statusLine, clear } from '../dom';
import { api, uploadPng, type Job } from '../api';
import { creditsFor, creditsText } from '../pricing';
import { jobCard } from '../job-card';
import { MaskPainter } from '../mask-painter';
import { countInput, sizeSelect, explain } from './create';

/**
 * Edit and vary: an image from the history or from this device, a mask painted over it, a prompt.
 * Both go through POST /v1/uploads and a presigned PUT, then POST /v1/jobs.
 */
export async function render(root: HTMLElement, route: { params: URLSearchParams }): Promise<void> {
  const painter = new MaskPainter();
  const status = statusLine();
  const jobs = h('section', { class: 'jobs', 'aria-label': 'Your edits and variations' });
  const file = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', name: 'upload' });
  const recent = h('div', { class: 'thumbs', role: 'group', 'aria-label': 'Recent images' });
  const prompt = h('textarea', { name: 'prompt', rows: 2, maxlength: 1000 });
  const count = countInput(3);
  const size = sizeSelect();
  const cost = h('output', { class: 'cost', 'aria-live': 'polite' });
  const editButton = h('button', { type: 'submit' }, 'Edit');
  const varyButton = h('button', { type: 'button', class: 'secondary' }, 'Make variations');
  const workArea = h('div', { class: 'work', hidden: true }, painter.element);
  let loaded = false;

  const showCost = (): void => {
    const n = Number(count.value);
    cost.textContent = Number.isInteger(n) && n >= 1 && n <= 10
      ? `Costs ${creditsText(creditsFor('edit', n))} (1 credit per 3 images).` : 'Choose 1 to 10 images.';
  };
  count.addEventListener('input', showCost);
  showCost();

  const open = (source: string): void => {
    const image = new Image();
    image.crossOrigin = 'anonymous';
    image.addEventListener('load', () => {
      painter.load(image);
      loaded = true;
      workArea.hidden = false;
      status.info('Image ready: paint over the part to change, or make variations of the whole.');
    });
    image.addEventListener('error', () => status.error('That image could not be opened.'));
    image.src = source;
  };
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (chosen) {
      open(URL.createObjectURL(chosen));
    }
  });

  const submit = async (kind: 'edit' | 'variation'): Promise<void> => {
    status.clear();
    if (!loaded) {
      status.error('Choose an image first.');
      return;
    }
    if (kind === 'edit' && !painter.hasMask()) {
      status.error('Paint the area to change first.');
      return;
    }
    if (kind === 'edit' && !prompt.value.trim()) {
      status.error('Describe the edit in the prompt.');
      return;
    }
    editButton.disabled = true;
    varyButton.disabled = true;
    try {
      status.info('Uploading\u2026');
      const imageId = await uploadPng(await painter.imagePng());
      const job = kind === 'edit'
        ? await api.submitJob({ kind, prompt: prompt.value, n: Number(count.value), size: size.value,
          image_upload_id: imageId, mask_upload_id: await uploadPng(await painter.maskPng()) })
        : await api.submitJob({ kind, n: Number(count.value), size: size.value, image_upload_id: imageId });
      jobs.prepend(jobCard({ ...job, prompt: job.prompt ?? (kind === 'edit' ? prompt.value : undefined) }));
      status.info(`Job started: ${creditsText(job.credits)} taken; given back if no image is made.`);
    } catch (error) {
      status.error(explain(error));
    } finally {
      editButton.disabled = false;
      varyButton.disabled = false;
    }
  };
  varyButton.addEventListener('click', () => void submit('variation'));
  const form = h('form', { class: 'card', 'aria-labelledby': 'edit-title' },
    h('h1', { id: 'edit-title' }, 'Edit and vary'),
    h('fieldset', {}, h('legend', {}, 'Image'), recent, field('Upload an image', file, 'PNG, JPEG or WebP; cut to a square.')),
    workArea,
    field('Prompt', prompt, 'For an edit: what the painted area should become.'),
    h('div', { class: 'row' }, field('Number of images', count), field('Size', size)),
    cost,
    h('div', { class: 'row' }, editButton, varyButton),
    status.element);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit('edit');
  });
  root.append(form, jobs);
  await listRecent(recent, open, route.params);
}

/** Thumbnails of the latest finished jobs' images; the one named in the address opens at once. */
async function listRecent(container: HTMLElement, open: (url: string) => void, params: URLSearchParams): Promise<void> {
  clear(container);
  const wantedJob = params.get('job');
  const page = await api.jobs();
  const finished: Job[] = page.data.filter((job) => job.status === 'succeeded' && job.data?.length);
  if (wantedJob && !finished.some((job) => job.id === wantedJob)) {
    const job = await api.job(wantedJob);
    if (job.data?.length) {
      finished.unshift(job);
    }
  }
  if (finished.length === 0) {
    container.append(h('p', { class: 'hint' }, 'No images yet: make some on the Create page, or upload one.'));
    return;
  }
  let index = 0;
  for (const job of finished.slice(0, 8)) {
    (job.data ?? []).forEach((image, position) => {
      index += 1;
      const button = h('button', { type: 'button', class: 'thumb', 'aria-label': `Use image ${index}${job.prompt ? `: ${job.prompt}` : ''}` },
        h('img', { src: image.url, alt: '', crossorigin: 'anonymous', width: 64, height: 64 }));
      button.addEventListener('click', () => {
        container.querySelectorAll('[aria-pressed]').forEach((other) => other.removeAttribute('aria-pressed'));
        button.setAttribute('aria-pressed', 'true');
        open(image.url);
      });
      container.append(button);
      if (job.id === wantedJob && String(position) === (params.get('image') ?? '0')) {
        button.setAttribute('aria-pressed', 'true');
        open(image.url);
      }
    });
  }
}
