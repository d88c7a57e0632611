/** A typed client of the routes the web app calls; answers as the handlers in functions/ write them. */
import { token } from './session';
import type { JobKind } from './pricing';

export type JobStatus = 'queued' | 'refused' | 'running' | 'succeeded' | 'failed' | 'rejected' | 'cancelled';

export interface Job {
  id: string;
  object: 'job';
  kind: JobKind;
  status: JobStatus;
  created: number;
  n: number;
  size: string;
  credits: number;
  prompt?: string;
  revised_prompt?: string;
  status_reason?: string;
  progress: { completed_steps: number; total_steps: number };
  data?: { url: string }[];
  flagged_images?: number;
}

export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface CreditLot {
  id: string;
  kind: string;
  amount: number;
  remaining: number;
  granted_at: number;
  expires_at: number;
}

export interface CreditBalance {
  object: 'credit_balance';
  total: number;
  next_free_refill: number;
  by_kind: Record<string, number>;
  lots: CreditLot[];
}

export interface LedgerEntry {
  id: string;
  object: 'ledger_entry';
  type: string;
  reference: string;
  credits: number;
  created: number;
  pending: boolean;
  lots: Record<string, number>;
}

export interface Upload {
  id: string;
  url: string;
  method: 'PUT';
  content_type: string;
}

export interface Review {
  id: string;
  kind: string;
  account_id: string;
  status: string;
  created_at: string;
  category?: string;
  prompt?: string;
  outcome?: string;
}

export interface GrantApplication {
  id: string;
  account_id: string;
  statement: string;
  portfolio_url: string;
  status: string;
  created: number;
}

export interface OidcConfig {
  issuer: string;
  client_id: string;
  authorization_endpoint: string;
  token_endpoint: string;
  scope: string;
}

export interface UsageResult {
  images?: number;
  num_model_requests?: number;
  credits_spent?: number;
  gpu_seconds?: number;
  device_seconds?: number;
  size?: string | null;
  source?: string | null;
  api_key_id?: string | null;
  user_id?: string | null;
  project_id?: string | null;
  amount?: { value: number; currency: string };
  line_item?: string | null;
}

export interface Bucket {
  object: 'bucket';
  start_time: number;
  end_time: number;
  results: UsageResult[];
}

export interface BucketPage {
  object: 'page';
  data: Bucket[];
  has_more: boolean;
  next_page: string | null;
}

/** An answer in OpenAI's error shape, or the gateway's own {"message"} for an unknown route. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string | null, readonly param: string | null, message: string) {
    super(message);
  }

  get isContentPolicy(): boolean {
    return this.code === 'content_policy_violation';
  }
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const bearer = token();
  const response = await fetch(path, {
    method,
    headers: {
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (json as { error?: { message?: string; code?: string; param?: string } } | null)?.error;
    const message = error?.message ?? (json as { message?: string } | null)?.message ?? response.statusText;
    throw new ApiError(response.status, error?.code ?? null, error?.param ?? null, message);
  }
  return json as T;
}

function query(parameters: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface JobRequest {
  kind: JobKind;
  prompt?: string;
  n: number;
  size: string;
  image_upload_id?: string;
  mask_upload_id?: string;
}

export const api = {
  credits: () => request<CreditBalance>('GET', '/v1/credits'),
  ledger: (after?: string | null) => request<Page<LedgerEntry>>('GET', `/v1/credits/ledger${query({ limit: 20, after })}`),
  /** An Idempotency-Key per press of a button: a retried request finds its job instead of paying twice. */
  submitJob: (job: JobRequest) => request<Job>('POST', '/v1/jobs', job, { 'Idempotency-Key': crypto.randomUUID() }),
  job: (id: string) => request<Job>('GET', `/v1/jobs/${encodeURIComponent(id)}`),
  jobs: (after?: string | null) => request<Page<Job>>('GET', `/v1/jobs${query({ limit: 20, after })}`),
  createUpload: (bytes: number) => request<Upload>('POST', '/v1/uploads', { bytes }),
  applyForGrant: (statement: string, portfolioUrl: string) =>
    request<GrantApplication>('POST', '/v1/grants/applications', { statement, portfolio_url: portfolioUrl }),
  testCheckout: (packs: number) => request<{ received: boolean; credited: boolean }>('POST', '/local/test-checkout', { packs }),
  authConfig: () => request<{ oidc: OidcConfig | null }>('GET', '/v1/auth/config'),
  reviews: () => request<Page<Review>>('GET', '/v1/admin/reviews?status=open'),
  resolveReview: (id: string, outcome: 'upheld' | 'dismissed', note: string) =>
    request<Review>('POST', `/v1/admin/reviews/${encodeURIComponent(id)}/resolve`, note ? { outcome, note } : { outcome }),
  setAccountStatus: (id: string, status: 'active' | 'suspended') =>
    request<unknown>('POST', `/v1/admin/accounts/${encodeURIComponent(id)}/status`, { status }),
  grantCredits: (id: string, credits: number, expiresAt: string) =>
    request<unknown>('POST', `/v1/admin/accounts/${encodeURIComponent(id)}/grants`, { credits, expires_at: expiresAt }),
  grantApplications: () => request<Page<GrantApplication>>('GET', '/v1/admin/grants/applications?status=pending'),
  approveApplication: (id: string, credits: number, expiresAt: string) =>
    request<GrantApplication>('POST', `/v1/admin/grants/applications/${encodeURIComponent(id)}/approve`,
      { credits, expires_at: expiresAt }),
  rejectApplication: (id: string, reason: string) =>
    request<GrantApplication>('POST', `/v1/admin/grants/applications/${encodeURIComponent(id)}/reject`,
      reason ? { reason } : {}),
  imageUsage: (startTime: number, groupBy: string, page?: string | null) => request<BucketPage>('GET',
    `/v1/organization/usage/images${query({ start_time: startTime, bucket_width: '1d', group_by: groupBy, page })}`),
  costs: (startTime: number, page?: string | null) => request<BucketPage>('GET',
    `/v1/organization/costs${query({ start_time: startTime, group_by: 'line_item', page })}`),
};

/** Puts a PNG through a presigned URL from POST /v1/uploads and answers the upload's id. */
export async function uploadPng(png: Blob): Promise<string> {
  const upload = await api.createUpload(png.size);
  const response = await fetch(upload.url, { method: 'PUT', body: png, headers: { 'Content-Type': upload.content_type } });
  if (!response.ok) {
    throw new ApiError(response.status, null, null, `The upload was refused (${response.status}).`);
  }
  return upload.id;
}

export const FINISHED: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'rejected', 'cancelled', 'refused']);
