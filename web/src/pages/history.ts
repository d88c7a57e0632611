import { h, formatDate, statusLine } from '../dom';
import { api, type Job } from '../api';
import { creditsText } from '../pricing';
import { explain } from './create';

/** The account's jobs, newest first; the next page is read with the cursor when the end comes into view. */
export async function render(root: HTMLElement): Promise<void> {
  const list = h('ol', { class: 'history', 'aria-label': 'Jobs, newest first', 'aria-busy': 'true' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load older jobs');
  const status = statusLine();
  root.append(h('section', { class: 'card', 'aria-labelledby': 'history-title' },
    h('h1', { id: 'history-title' }, 'History'), list, more, status.element));
  let cursor: string | null = null;
  let loading = false;
  const load = async (): Promise<void> => {
    if (loading) {
      return;
    }
    loading = true;
    try {
      const page = await api.jobs(cursor);
      page.data.forEach((job) => list.append(row(job, status)));
      cursor = page.next_cursor;
      more.hidden = !page.has_more;
      if (!page.has_more) {
        observer.disconnect();
      }
      if (list.childElementCount === 0) {
        status.info('No jobs yet.');
      }
    } catch (error) {
      status.error(explain(error));
    } finally {
      loading = false;
      list.setAttribute('aria-busy', 'false');
    }
  };
  // The button stays for keyboards and for screens where the end is already in view.
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting) && cursor) {
      void load();
    }
  });
  more.addEventListener('click', () => void load());
  await load();
  if (!more.hidden) {
    observer.observe(more);
  }
}

function row(job: Job, status: ReturnType<typeof statusLine>): HTMLElement {
  const again = h('button', { type: 'button', class: 'secondary small' }, 'Run again');
  again.addEventListener('click', () => {
    again.disabled = true;
    runAgain(job).then((started) => {
      location.hash = `#/create?job=${encodeURIComponent(started.id)}`;
    }, (error: unknown) => {
      again.disabled = false;
      status.error(explain(error));
    });
  });
  const thumbs = h('div', { class: 'thumbs' });
  (job.data ?? []).slice(0, 4).forEach((image, index) =>
    thumbs.append(h('img', { src: image.url, alt: `Image ${index + 1}`, width: 64, height: 64, loading: 'lazy' })));
  return h('li', { class: 'history-row', 'data-status': job.status },
    h('div', {},
      h('strong', {}, `${job.kind} \u00b7 ${job.status}`),
      h('p', {}, job.prompt ? `\u201c${job.prompt}\u201d` : 'No prompt'),
      h('p', { class: 'hint' }, `${job.n} \u00d7 ${job.size} \u00b7 ${creditsText(job.credits)} \u00b7 ${formatDate(job.created)}`)),
    thumbs,
    job.kind === 'generation' && job.prompt ? again : null);
}

/** A generation again with the same parameters; edits and variations need their image, so they go through Edit. */
function runAgain(job: Job): Promise<Job> {
  return api.submitJob({ kind: 'generation', prompt: job.prompt, n: job.n, size: job.size });
}
