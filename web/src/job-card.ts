import { h, statusLine } from './dom';
import { api, ApiError, FINISHED, type Job } from './api';

const POLL_MILLIS = 400;

/**
 * One job as it is made: its steps done of total, then its images in a grid, each with a download
 * button, and the prompt as the service revised it. Polls GET /v1/jobs/{id} until the job ends.
 */
export function jobCard(job: Job, onImages?: (job: Job) => void): HTMLElement {
  const heading = h('h3', {}, describe(job));
  const progress = h('progress', { max: Math.max(job.progress.total_steps, 1), value: job.progress.completed_steps,
    'aria-label': `Progress of job ${job.id}` });
  const steps = h('p', { class: 'steps', 'aria-live': 'polite' });
  const revised = h('p', { class: 'revised', hidden: true });
  const grid = h('div', { class: 'image-grid', role: 'list', 'aria-label': `Images of job ${job.id}` });
  const status = statusLine();
  const card = h('article', { class: 'card job', 'data-job-id': job.id, 'data-status': job.status },
    heading, progress, steps, revised, grid, status.element);

  const update = (current: Job): void => {
    card.dataset.status = current.status;
    progress.max = Math.max(current.progress.total_steps, 1);
    progress.value = current.progress.completed_steps;
    steps.textContent = current.progress.total_steps > 0
      ? `${current.status}: ${current.progress.completed_steps} of ${current.progress.total_steps} steps`
      : `${current.status}`;
    if (current.revised_prompt) {
      revised.hidden = false;
      revised.textContent = `Revised prompt: ${current.revised_prompt}`;
    }
    if (current.status === 'succeeded' && current.data && grid.childElementCount === 0) {
      progress.value = progress.max;
      current.data.forEach((image, index) => grid.append(imageTile(current, image.url, index)));
      if (current.flagged_images) {
        status.info(`${current.flagged_images} image(s) were withheld by the safety check.`);
      }
      onImages?.(current);
    } else if (current.status === 'rejected' || current.status === 'failed' || current.status === 'cancelled') {
      status.error(`This job ${current.status}${current.status_reason ? ` (${current.status_reason})` : ''}: its credits were given back.`);
    }
  };
  update(job);
  if (!FINISHED.has(job.status)) {
    void follow(job.id, update, status);
  }
  return card;
}

async function follow(id: string, update: (job: Job) => void, status: ReturnType<typeof statusLine>): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
    if (!document.querySelector(`[data-job-id="${id}"]`)) {
      return;
    }
    try {
      const job = await api.job(id);
      update(job);
      if (FINISHED.has(job.status)) {
        return;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) {
        status.error(error.message);
        return;
      }
    }
  }
}

function describe(job: Job): string {
  const what = job.kind === 'generation' ? 'Generation' : job.kind === 'edit' ? 'Edit' : 'Variations';
  return `${what}: ${job.n} \u00d7 ${job.size}${job.prompt ? ` \u2014 \u201c${job.prompt}\u201d` : ''}`;
}

function imageTile(job: Job, url: string, index: number): HTMLElement {
  const label = `Image ${index + 1} of ${job.data?.length ?? job.n}`;
  const image = h('img', { src: url, alt: job.prompt ? `${label}: ${job.prompt}` : label, crossorigin: 'anonymous',
    width: 256, height: 256, loading: 'eager', decoding: 'async' });
  const download = h('button', { type: 'button', class: 'secondary small' }, `Download image ${index + 1}`);
  download.addEventListener('click', () => void saveImage(url, `atelier-${job.id}-${index + 1}.png`));
  const vary = h('a', { class: 'button secondary small', href: `#/edit?job=${encodeURIComponent(job.id)}&image=${index}` },
    `Edit or vary image ${index + 1}`);
  return h('figure', { role: 'listitem', class: 'tile' }, image, h('figcaption', {}, download, vary));
}

/** The presigned URL is on another origin, where a download attribute is ignored: save a local copy instead. */
async function saveImage(url: string, name: string): Promise<void> {
  const blob = await (await fetch(url)).blob();
  const local = URL.createObjectURL(blob);
  const link = h('a', { href: local, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(local);
}
