import { h, field, statusLine, formatDay, formatDate, clear } from '../dom';
import { api, type CreditBalance } from '../api';
import { creditsText } from '../pricing';
import { explain } from './create';

/** Where a deployment takes real payments; unset locally, where the test-mode checkout stands in. */
const CHECKOUT_URL: string | undefined = import.meta.env.VITE_CHECKOUT_URL;

/** Credits: balance by kind with expiry, next refill, the ledger, buying a pack, the artist grant application. */
export async function render(root: HTMLElement): Promise<void> {
  const balance = h('div', { class: 'balance' });
  const ledger = h('tbody');
  const moreLedger = h('button', { type: 'button', class: 'secondary' }, 'Load older entries');
  const status = statusLine();
  let cursor: string | null = null;

  const showBalance = async (): Promise<void> => {
    const credits = await api.credits();
    clear(balance);
    balance.append(...balanceView(credits));
  };
  const loadLedger = async (fresh: boolean): Promise<void> => {
    if (fresh) {
      clear(ledger);
      cursor = null;
    }
    const page = await api.ledger(cursor);
    for (const entry of page.data) {
      ledger.append(h('tr', { 'data-type': entry.type },
        h('td', {}, formatDate(entry.created)),
        h('td', {}, entry.pending ? `${entry.type} (pending)` : entry.type),
        h('td', { class: 'number' }, entry.credits > 0 ? `+${entry.credits}` : String(entry.credits)),
        h('td', { class: 'reference' }, entry.reference)));
    }
    cursor = page.next_cursor;
    moreLedger.hidden = !page.has_more;
  };
  moreLedger.addEventListener('click', () => void loadLedger(false).catch((error: unknown) => status.error(explain(error))));

  root.append(
    h('section', { class: 'card', 'aria-labelledby': 'credits-title' },
      h('h1', { id: 'credits-title' }, 'Credits'), balance),
    purchaseSection(async () => {
      await showBalance();
      await loadLedger(true);
    }),
    h('section', { class: 'card', 'aria-labelledby': 'ledger-title' },
      h('h2', { id: 'ledger-title' }, 'Ledger'),
      h('div', { class: 'table-scroll' },
        h('table', {}, h('caption', { class: 'visually-hidden' }, 'Every change of your balance, newest first'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What'),
            h('th', { scope: 'col' }, 'Credits'), h('th', { scope: 'col' }, 'Reference'))),
          ledger)),
      moreLedger, status.element),
    grantSection());
  try {
    await Promise.all([showBalance(), loadLedger(true)]);
  } catch (error) {
    status.error(explain(error));
  }
}

function balanceView(credits: CreditBalance): Node[] {
  const lots = h('ul', { class: 'lots' });
  for (const lot of credits.lots.filter((candidate) => candidate.remaining > 0)) {
    lots.append(h('li', {}, `${creditsText(lot.remaining)} ${lot.kind}, expires ${formatDay(lot.expires_at)}`));
  }
  const kinds = Object.entries(credits.by_kind).map(([kind, amount]) => `${kind}: ${amount}`).join(' \u00b7 ');
  return [
    h('p', { class: 'total' }, h('span', { class: 'figure', 'data-balance': credits.total }, String(credits.total)), ' credits'),
    h('p', {}, kinds),
    lots,
    h('p', { class: 'hint' }, `Next free refill: ${formatDay(credits.next_free_refill)}. Free credits do not roll over.`),
  ];
}

/** 115 credits for $15, valid 12 months. Locally a test-mode checkout: the stack signs a payment event as the provider would. */
function purchaseSection(refresh: () => Promise<void>): HTMLElement {
  const section = h('section', { class: 'card', 'aria-labelledby': 'buy-title' },
    h('h2', { id: 'buy-title' }, 'Buy credits'),
    h('p', {}, 'A pack is 115 credits for $15, valid for 12 months.'));
  if (CHECKOUT_URL) {
    section.append(h('a', { class: 'button', href: CHECKOUT_URL, rel: 'noopener' }, 'Buy a pack'));
    return section;
  }
  const packs = h('input', { type: 'number', min: 1, max: 100, value: 1, name: 'packs', inputmode: 'numeric' });
  const buy = h('button', { type: 'submit' }, 'Buy in test mode');
  const status = statusLine();
  const form = h('form', { class: 'test-mode' },
    h('p', { class: 'badge' }, 'TEST MODE \u2014 no real payment is taken'),
    field('Packs', packs), buy, status.element);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    buy.disabled = true;
    api.testCheckout(Number(packs.value))
      .then(async () => {
        await refresh();
        status.info(`Test payment received: ${Number(packs.value) * 115} credits added.`);
      }, (error: unknown) => status.error(explain(error)))
      .finally(() => {
        buy.disabled = false;
      });
  });
  section.append(form);
  return section;
}

function grantSection(): HTMLElement {
  const statement = h('textarea', { name: 'statement', rows: 4, required: true, maxlength: 2000 });
  const portfolio = h('input', { type: 'url', name: 'portfolio', required: true, placeholder: 'https://' });
  const status = statusLine();
  const form = h('form', { class: 'card', 'aria-labelledby': 'grant-title' },
    h('h2', { id: 'grant-title' }, 'Artist grant'),
    h('p', {}, 'Artists may apply for subsidised credits; an admin reviews each application.'),
    field('About your work', statement), field('Portfolio URL', portfolio),
    h('button', { type: 'submit' }, 'Apply for a grant'), status.element);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.applyForGrant(statement.value, portfolio.value).then(() => {
      form.reset();
      status.info('Application sent. You will see granted credits on this page.');
    }, (error: unknown) => status.error(explain(error)));
  });
  return form;
}
