import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { normalizeError } from '../../../server/src/http/problem.js';

describe('errors of an unreachable database', () => {
  it('answer 503, also when a bulk write wraps the dropped connection', () => {
    const dropped = new mongoose.mongo.MongoNetworkError('connection 10 to 127.0.0.1:34469 closed');
    expect(normalizeError(dropped).code).toBe('database_unavailable');
    // What insertMany threw when the database child was killed mid-write (seen in the reliability suite).
    const wrapped = Object.assign(new Error(dropped.message), { name: 'MongoBulkWriteError', errorResponse: dropped });
    expect(normalizeError(wrapped).code).toBe('database_unavailable');
    expect(normalizeError(Object.assign(new Error('x'), { cause: dropped })).code).toBe('database_unavailable');
  });

  it('leave other failures internal', () => {
    expect(normalizeError(new Error('boom')).code).toBe('internal');
    expect(normalizeError(Object.assign(new Error('bulk'), { name: 'MongoBulkWriteError', errorResponse: new Error('x') })).code).toBe(
      'internal',
    );
  });
});
