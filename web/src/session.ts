/**
 * The only state the app keeps beyond a page: the bearer token (an API key or an OIDC token), in
 * sessionStorage so that it dies with the tab and is never written to disk by the app.
 */
const TOKEN = 'atelier.token';

export function token(): string | null {
  return sessionStorage.getItem(TOKEN);
}

export function signIn(bearer: string): void {
  sessionStorage.setItem(TOKEN, bearer);
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
}
