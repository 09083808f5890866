/** The error catalogue: every error the API can answer, with its HTTP status and a stable code. */
export const problemCatalogue = {
  unauthorized: { status: 401, title: 'Authentication required' },
  invalid_token: { status: 401, title: 'The access token is not valid' },
  forbidden: { status: 403, title: 'Not allowed' },
  tenant_not_onboarded: { status: 403, title: 'This organization has not been set up in Northstar' },
  not_found: { status: 404, title: 'Not found' },
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  conflict: { status: 409, title: 'The resource was changed by someone else' },
  coach_errors: { status: 422, title: 'The OKR coach found errors to fix first' },
  duplicate: { status: 409, title: 'The resource already exists' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send JSON with Content-Type: application/json' },
  rate_limited: { status: 429, title: 'Too many requests' },
  database_unavailable: { status: 503, title: 'The database is unavailable; try again shortly' },
  not_built: { status: 503, title: 'This part of Northstar has not been built yet' },
  upstream_unavailable: { status: 503, title: 'A service Northstar depends on is unavailable' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A code from the error catalogue. */
export type ProblemCode = keyof typeof problemCatalogue;

/** Base of the `type` URI of every problem document. */
export const PROBLEM_TYPE_BASE = 'urn:northstar:problem:';

/** An error that leaves the API as `application/problem+json` with a catalogue code. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    /** Extra members of the problem document (e.g. `errors` for validation failures). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? problemCatalogue[code].title);
    this.name = 'AppError';
    this.status = problemCatalogue[code].status;
  }
}
