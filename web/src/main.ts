import './styles.css';
import { h, clear } from './dom';
import { token, signOut } from './session';
import { renderSignIn, finishOidcSignInIfReturning } from './pages/signin';

/** A page per task, each loaded when first opened so that the first load carries only the shell. */
interface PageModule {
  render(root: HTMLElement, route: Route): void | Promise<void>;
}

interface Route {
  path: string;
  params: URLSearchParams;
}

const PAGES: { path: string; title: string; load: () => Promise<PageModule> }[] = [
  { path: 'create', title: 'Create', load: () => import('./pages/create') },
  { path: 'edit', title: 'Edit and vary', load: () => import('./pages/edit') },
  { path: 'history', title: 'History', load: () => import('./pages/history') },
  { path: 'credits', title: 'Credits', load: () => import('./pages/credits') },
  { path: 'admin', title: 'Admin', load: () => import('./pages/admin') },
  { path: 'dashboard', title: 'Costs', load: () => import('./pages/dashboard') },
];

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;

function currentRoute(): Route {
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  return { path: path || 'create', params: new URLSearchParams(search ?? '') };
}

function renderNav(active: string): void {
  clear(nav);
  if (!token()) {
    return;
  }
  const list = h('ul');
  for (const page of PAGES) {
    list.append(h('li', {}, h('a', { href: `#/${page.path}`, 'aria-current': page.path === active ? 'page' : undefined },
      page.title)));
  }
  const signOutButton = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
  signOutButton.addEventListener('click', () => {
    signOut();
    location.hash = '';
    void show();
  });
  list.append(h('li', {}, signOutButton));
  nav.append(list);
}

let rendering = 0;

async function show(): Promise<void> {
  const run = ++rendering;
  const route = currentRoute();
  clear(main);
  if (!token()) {
    renderNav('');
    document.title = 'Sign in · Atelier';
    renderSignIn(main, () => {
      location.hash = '#/create';
      void show();
    });
    return;
  }
  const page = PAGES.find((candidate) => candidate.path === route.path) ?? PAGES[0];
  renderNav(page.path);
  document.title = `${page.title} · Atelier`;
  const module = await page.load();
  if (run !== rendering) {
    return;
  }
  await module.render(main, route);
}

window.addEventListener('hashchange', () => {
  void show().then(() => main.focus());
});

if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // The app works without its offline shell; nothing to tell the user.
    });
  });
}

void finishOidcSignInIfReturning().then(() => show());
