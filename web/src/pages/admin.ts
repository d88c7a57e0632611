import { h, field, statusLine, clear, formatDate } from '../dom';
import { api, ApiError, type GrantApplication, type Review } from '../api';
import { explain } from './create';

/** Admin: the review queue, accounts (suspend, restore, grant) and artists' grant applications. */
export async function render(root: HTMLElement): Promise<void> {
  const reviews = h('ul', { class: 'queue', 'aria-label': 'Open reviews' });
  const applications = h('ul', { class: 'queue', 'aria-label': 'Pending grant applications' });
  const status = statusLine();
  root.append(
    h('h1', {}, 'Admin'),
    status.element,
    h('section', { class: 'card', 'aria-labelledby': 'reviews-title' }, h('h2', { id: 'reviews-title' }, 'Review queue'), reviews),
    accountsSection(),
    h('section', { class: 'card', 'aria-labelledby': 'applications-title' },
      h('h2', { id: 'applications-title' }, 'Grant applications'), applications),
    h('p', {}, h('a', { href: '#/dashboard' }, 'Open the cost dashboard')));
  try {
    await Promise.all([showReviews(reviews), showApplications(applications)]);
  } catch (error) {
    status.error(error instanceof ApiError && error.status === 403 ? 'This page is for admins only.' : explain(error));
  }
}

async function showReviews(list: HTMLElement): Promise<void> {
  const page = await api.reviews();
  clear(list);
  if (page.data.length === 0) {
    list.append(h('li', {}, 'Nothing to review.'));
  }
  page.data.forEach((review) => list.append(reviewItem(review, () => void showReviews(list))));
}

function reviewItem(review: Review, resolved: () => void): HTMLElement {
  const note = h('input', { type: 'text', name: 'note', maxlength: 500 });
  const status = statusLine();
  const item = h('li', { class: 'queue-item', 'data-review-id': review.id },
    h('p', {}, h('strong', {}, `${review.kind}${review.category ? ` \u00b7 ${review.category}` : ''}`),
      ` \u00b7 account ${review.account_id} \u00b7 ${review.created_at}`),
    review.prompt ? h('p', { class: 'prompt' }, `\u201c${review.prompt}\u201d`) : null,
    field(`Note on review ${review.id}`, note));
  const actions = h('div', { class: 'row' });
  for (const [outcome, label] of [['upheld', 'Uphold'], ['dismissed', 'Dismiss']] as const) {
    const button = h('button', { type: 'button', class: outcome === 'upheld' ? '' : 'secondary' }, label);
    button.setAttribute('aria-label', `${label} review ${review.id}`);
    button.addEventListener('click', () => {
      api.resolveReview(review.id, outcome, note.value).then(resolved, (error: unknown) => status.error(explain(error)));
    });
    actions.append(button);
  }
  item.append(actions, status.element);
  return item;
}

async function showApplications(list: HTMLElement): Promise<void> {
  const page = await api.grantApplications();
  clear(list);
  if (page.data.length === 0) {
    list.append(h('li', {}, 'No pending applications.'));
  }
  page.data.forEach((application) => list.append(applicationItem(application, () => void showApplications(list))));
}

function inAYear(): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().slice(0, 10);
}

function applicationItem(application: GrantApplication, decided: () => void): HTMLElement {
  const credits = h('input', { type: 'number', min: 1, max: 100000, value: 100, name: 'credits' });
  const expires = h('input', { type: 'date', value: inAYear(), name: 'expires' });
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 500 });
  const approve = h('button', { type: 'button' }, 'Approve');
  const reject = h('button', { type: 'button', class: 'secondary' }, 'Reject');
  const status = statusLine();
  approve.addEventListener('click', () => api.approveApplication(application.id, Number(credits.value),
    `${expires.value}T00:00:00Z`).then(decided, (error: unknown) => status.error(explain(error))));
  reject.addEventListener('click', () => api.rejectApplication(application.id, reason.value)
    .then(decided, (error: unknown) => status.error(explain(error))));
  return h('li', { class: 'queue-item' },
    h('p', {}, h('strong', {}, `Account ${application.account_id}`), ` \u00b7 ${formatDate(application.created)}`),
    h('p', {}, application.statement),
    h('p', {}, 'Portfolio: ', h('a', { href: application.portfolio_url, rel: 'noopener noreferrer' }, application.portfolio_url)),
    h('div', { class: 'row' }, field('Credits to grant', credits), field('Grant expires', expires)),
    approve, field('Reason for rejecting', reason), reject, status.element);
}

function accountsSection(): HTMLElement {
  const account = h('input', { type: 'text', name: 'account', required: true, spellcheck: 'false', placeholder: 'acct_\u2026' });
  const credits = h('input', { type: 'number', min: 1, max: 100000, value: 50, name: 'credits' });
  const expires = h('input', { type: 'date', value: inAYear(), name: 'expires' });
  const status = statusLine();
  const act = (action: () => Promise<unknown>, done: string) => () => {
    if (!account.value.trim()) {
      status.error('Enter an account id.');
      return;
    }
    action().then(() => status.info(done), (error: unknown) => status.error(explain(error)));
  };
  const suspend = h('button', { type: 'button', class: 'secondary' }, 'Suspend');
  const restore = h('button', { type: 'button', class: 'secondary' }, 'Restore');
  const grant = h('button', { type: 'button' }, 'Grant credits');
  suspend.addEventListener('click', act(() => api.setAccountStatus(account.value.trim(), 'suspended'), 'Account suspended.'));
  restore.addEventListener('click', act(() => api.setAccountStatus(account.value.trim(), 'active'), 'Account restored.'));
  grant.addEventListener('click', act(() => api.grantCredits(account.value.trim(), Number(credits.value),
    `${expires.value}T00:00:00Z`), 'Credits granted.'));
  return h('section', { class: 'card', 'aria-labelledby': 'accounts-title' },
    h('h2', { id: 'accounts-title' }, 'Accounts'),
    field('Account id', account),
    h('div', { class: 'row' }, suspend, restore),
    h('div', { class: 'row' }, field('Credits', credits), field('Expires', expires), grant),
    status.element);
}
