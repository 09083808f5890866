import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from './errors.js';

/** Keys that would reach MongoDB as operators or path traversal; refused anywhere in input. */
const FORBIDDEN_KEY = /^\$|\./;

/** Deepest nesting any contract accepts; deeper input is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Finds the first key in a JSON value that looks like a MongoDB operator, with its path; walks
 * iteratively and answers a path ending in `…` for input nested deeper than {@link MAX_INPUT_DEPTH}.
 */
export function findOperatorKey(value: unknown, path = ''): string | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 0 }];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current.value === null || typeof current.value !== 'object') continue;
    if (current.depth >= MAX_INPUT_DEPTH) return `${current.path}…`;
    const children: Array<{ value: unknown; path: string; depth: number }> = [];
    if (Array.isArray(current.value)) {
      current.value.forEach((item, index) => children.push({ value: item, path: `${current.path}[${index}]`, depth: current.depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(current.value)) {
        const keyPath = current.path ? `${current.path}.${key}` : key;
        if (FORBIDDEN_KEY.test(key)) return keyPath;
        children.push({ value: item, path: keyPath, depth: current.depth + 1 });
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index]!);
  }
  return null;
}

/** Turns zod issues into the `errors` member of a validation problem. */
export function validationProblem(issues: z.core.$ZodIssue[], where: string): AppError {
  const errors = issues.map((issue) => ({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message }));
  return new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}

interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/** Validates body, query and params with the contract's schemas and replaces them with the parsed values. */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      const input: unknown = req[part];
      const operatorKey = findOperatorKey(input);
      if (operatorKey?.endsWith('…')) {
        throw new AppError('validation_failed', `${part}: nested deeper than ${MAX_INPUT_DEPTH} levels`, {
          errors: [{ path: part, message: `nested deeper than ${MAX_INPUT_DEPTH} levels` }],
        });
      }
      if (operatorKey) {
        throw new AppError('validation_failed', `${part}.${operatorKey}: keys starting with "$" or containing "." are not allowed`, {
          errors: [{ path: `${part}.${operatorKey}`, message: 'keys starting with "$" or containing "." are not allowed' }],
        });
      }
      if (!schema) continue;
      const result = schema.safeParse(input ?? {});
      if (!result.success) throw validationProblem(result.error.issues, part);
      Object.defineProperty(req, part, { value: result.data, writable: true, configurable: true, enumerable: true });
    }
    next();
  };
}
