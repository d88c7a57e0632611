import { h, field, statusLine } from '../dom';
import { api, ApiError, type OidcConfig } from '../api';
import { signIn, signOut } from '../session';

/** Sign-in with an API key, checked against the API before it is kept; or with the stage's OIDC provider. */
export function renderSignIn(root: HTMLElement, signedIn: () => void): void {
  const key = h('input', { type: 'password', name: 'api-key', autocomplete: 'off', required: true, spellcheck: 'false' });
  const status = statusLine();
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in to Atelier'),
    field('API key', key, 'Your key starts with sk-. It stays in this tab only and is forgotten when you sign out.'),
    h('button', { type: 'submit' }, 'Sign in'),
    status.element);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(key.value.trim());
    api.credits().then(signedIn, (error: unknown) => {
      signOut();
      status.error(error instanceof ApiError && error.status === 401
        ? 'That API key was not accepted. Check it and try again.'
        : `Could not sign in: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const oidcSection = h('section', { class: 'card narrow', hidden: true, 'aria-label': 'Single sign-on' });
  root.append(form, oidcSection);
  key.focus();
  void offerOidc(oidcSection, status);
}

/** The OIDC button shows only where the stage has a provider: a missing route (404) or {"oidc": null} hides it. */
async function offerOidc(section: HTMLElement, status: ReturnType<typeof statusLine>): Promise<void> {
  let config: OidcConfig | null;
  try {
    config = (await api.authConfig()).oidc;
  } catch {
    return;
  }
  if (!config) {
    return;
  }
  const provider = config;
  const button = h('button', { type: 'button', class: 'secondary' }, 'Continue with OpenID Connect');
  button.addEventListener('click', () => {
    import('../oidc').then((oidc) => oidc.startSignIn(provider)).catch((error: unknown) =>
      status.error(`Could not start single sign-on: ${error instanceof Error ? error.message : String(error)}`));
  });
  section.append(h('p', {}, 'Or use your organisation\u2019s account:'), button);
  section.hidden = false;
}

/** On the way back from the provider (?code=&state=), trade the code for a token before the app shows. */
export async function finishOidcSignInIfReturning(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) {
    return;
  }
  const oidc = await import('../oidc');
  try {
    signIn(await oidc.finishSignIn(new URL(location.href)));
  } catch (error) {
    console.warn('OIDC sign-in failed', error);
  } finally {
    history.replaceState(null, '', '/');
  }
}
