import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Problem } from '../contract/index.js';
import { AppError, PROBLEM_TYPE_BASE, problemCatalogue } from './errors.js';

/** Builds the problem document for an application error. */
export function toProblem(error: AppError, instance?: string): Problem {
  const { errors, ...rest } = error.extensions as { errors?: Problem['errors'] };
  return {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: problemCatalogue[error.code].title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(errors ? { errors } : {}),
    ...rest,
  };
}

/** Maps anything thrown to an AppError: Mongoose validation/cast → 400, duplicate key → 409, body-parser errors, lost database → 503. */
export function normalizeError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof mongoose.Error.ValidationError) {
    const errors = Object.values(error.errors).map((e) => ({ path: e.path, message: e.message }));
    return new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  if (error instanceof mongoose.Error.CastError) {
    return new AppError('validation_failed', `${error.path}: not a valid ${error.kind}`, {
      errors: [{ path: error.path, message: `not a valid ${error.kind}` }],
    });
  }
  if (isRecord(error)) {
    if (error.code === 11000) return new AppError('duplicate');
    // FerretDB over SQLite reports a unique index hit by an update (findAndModify) as InternalError, not 11000.
    if (typeof error.message === 'string' && error.message.includes('UNIQUE constraint failed')) return new AppError('duplicate');
    if (error.type === 'entity.parse.failed') return new AppError('malformed_json');
    if (error.type === 'entity.too.large') return new AppError('payload_too_large');
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') return new AppError('unsupported_media_type');
    if (isDatabaseUnreachable(error)) return new AppError('database_unavailable');
  }
  return new AppError('internal');
}

/**
 * True for the driver's "cannot reach the database" errors, also when another error wraps one (a
 * bulk write reports a dropped connection as a `MongoBulkWriteError` whose `errorResponse` is it).
 */
function isDatabaseUnreachable(error: Record<string, unknown>, depth = 0): boolean {
  const name = typeof error.name === 'string' ? error.name : '';
  if (
    /^Mongo(Network|ServerSelection|NotConnected|Topology)|PoolCleared/.test(name) ||
    error instanceof mongoose.Error.MongooseServerSelectionError
  ) {
    return true;
  }
  if (depth >= 3) return false;
  return [error.errorResponse, error.cause].some((inner) => isRecord(inner) && isDatabaseUnreachable(inner, depth + 1));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Sends a problem document. */
export function sendProblem(res: Parameters<RequestHandler>[1], error: AppError, instance?: string): void {
  if (error.status === 503) res.setHeader('Retry-After', '5');
  res
    .status(error.status)
    .type('application/problem+json')
    .send(JSON.stringify(toProblem(error, instance)));
}

/** The one error handler: every error leaves as application/problem+json. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = normalizeError(error);
    if (appError.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) return;
    sendProblem(res, appError, req.originalUrl.split('?')[0]);
  };
}

/** 404 for any /api route nobody answered. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, new AppError('not_found', `No route for ${req.method} ${req.path}`), req.originalUrl.split('?')[0]);
};
