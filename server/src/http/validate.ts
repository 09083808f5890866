import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError } from './errors.js';

/** Keys that would reach MongoDB as operators or path traversal; refused anywhere in input. */
const FORBIDDEN_KEY = /^\$|\./;

/** Finds the first key in a JSON value that looks like a MongoDB operator, with its path. */
export function findOperatorKey(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findOperatorKey(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEY.test(key)) return keyPath;
      const found = findOperatorKey(item, keyPath);
      if (found) return found;
    }
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
