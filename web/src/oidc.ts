/**
 * Authorization code with PKCE against the stage's OIDC provider (Cognito's hosted UI on AWS), by
 * oauth4webapi. The verifier and state wait in sessionStorage while the browser visits the provider.
 */
import * as oauth from 'oauth4webapi';
import type { OidcConfig } from './api';

const PENDING = 'atelier.oidc.pending';

interface Pending {
  config: OidcConfig;
  verifier: string;
  state: string;
}

function redirectUri(): string {
  return `${location.origin}/`;
}

function server(config: OidcConfig): oauth.AuthorizationServer {
  return {
    issuer: config.issuer,
    authorization_endpoint: config.authorization_endpoint,
    token_endpoint: config.token_endpoint,
  };
}

/** Plain HTTP only for a provider on this machine (the local stack's), never elsewhere. */
function transport(config: OidcConfig): { [oauth.allowInsecureRequests]?: boolean } {
  const host = new URL(config.token_endpoint).hostname;
  return host === '127.0.0.1' || host === 'localhost' ? { [oauth.allowInsecureRequests]: true } : {};
}

export async function startSignIn(config: OidcConfig): Promise<void> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pending: Pending = { config, verifier, state };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(config.authorization_endpoint);
  url.searchParams.set('client_id', config.client_id);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.toString());
}

/** The bearer token the API accepts: the ID token, or the access token where the provider sent none. */
export async function finishSignIn(returned: URL): Promise<string> {
  const stored = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!stored) {
    throw new Error('no sign-in was started in this tab');
  }
  const pending = JSON.parse(stored) as Pending;
  const as = server(pending.config);
  const client: oauth.Client = { client_id: pending.config.client_id };
  const params = oauth.validateAuthResponse(as, client, returned, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(),
    pending.verifier, transport(pending.config));
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);
  return result.id_token ?? result.access_token;
}
