import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { ProblemSchema } from '../contract/index.js';
import { validate } from './validate.js';

extendZodWithOpenApi(z);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One API operation: its contract (for validation and the OpenAPI document) and its handler. */
export interface RouteDefinition<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType> {
  method: Method;
  /** Express-style path below `/api`, e.g. `/objectives/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** False for the few public operations; everything else requires a bearer token. */
  authenticated?: boolean;
  /** True when the operation needs the database (answers 503 while it is down). */
  usesDatabase?: boolean;
  params?: Params;
  query?: Query;
  body?: Body;
  /** Success status and the schema of its JSON body (`null` for no body). */
  response: { status: number; schema: z.ZodType | null; description: string; contentType?: string };
  /** Error statuses the operation may answer besides 401/400/500. */
  errors?: number[];
  handler: (
    req: Request & { params: z.infer<Params>; query: z.infer<Query>; body: z.infer<Body> },
    res: Response,
  ) => Promise<unknown> | unknown;
}

/** Middleware applied before handlers by kind of operation. */
export interface ApiGuards {
  authenticate: RequestHandler;
  requireDatabase: RequestHandler;
}

/** Collects the API's routes, mounts them with validation and generates the OpenAPI document from the same definitions. */
export class ApiRouter {
  readonly router = express.Router();
  private readonly registry = new OpenAPIRegistry();

  constructor(private readonly guards: ApiGuards) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  }

  /** Registers a named schema so the OpenAPI document refers to it by name. */
  schema<T extends z.ZodType>(name: string, schema: T): T {
    // Contract schemas may predate extendZodWithOpenApi; a clone made now carries `.openapi`.
    return this.registry.register(name, schema.clone() as T);
  }

  /** Adds an operation. */
  route<Params extends z.ZodType = z.ZodType, Query extends z.ZodType = z.ZodType, Body extends z.ZodType = z.ZodType>(
    definition: RouteDefinition<Params, Query, Body>,
  ): void {
    const authenticated = definition.authenticated ?? true;
    const usesDatabase = definition.usesDatabase ?? authenticated;
    const handlers: RequestHandler[] = [];
    if (usesDatabase) handlers.push(this.guards.requireDatabase);
    if (authenticated) handlers.push(this.guards.authenticate);
    handlers.push(validate({ params: definition.params, query: definition.query, body: definition.body }));
    handlers.push(async (req, res) => {
      const result = await definition.handler(req as Parameters<typeof definition.handler>[0], res);
      if (res.headersSent) return;
      if (definition.response.schema === null) {
        res.status(definition.response.status).end();
      } else {
        res.status(definition.response.status).json(result);
      }
    });
    this.router[definition.method](definition.path, ...handlers);

    const problem = { content: { 'application/problem+json': { schema: ProblemSchema } } };
    const errorStatuses = new Set([
      400,
      500,
      ...(authenticated ? [401] : []),
      ...(usesDatabase ? [503] : []),
      ...(definition.errors ?? []),
    ]);
    this.registry.registerPath({
      method: definition.method,
      path: `/api${definition.path.replace(/:(\w+)/g, '{$1}')}`,
      operationId: definition.operationId,
      summary: definition.summary,
      tags: definition.tags,
      ...(authenticated ? { security: [{ bearer: [] }] } : {}),
      request: {
        ...(definition.params ? { params: definition.params as never } : {}),
        ...(definition.query ? { query: definition.query as never } : {}),
        ...(definition.body ? { body: { required: true, content: { 'application/json': { schema: definition.body } } } } : {}),
      },
      responses: {
        [definition.response.status]: {
          description: definition.response.description,
          ...(definition.response.schema
            ? { content: { [definition.response.contentType ?? 'application/json']: { schema: definition.response.schema } } }
            : {}),
        },
        ...Object.fromEntries([...errorStatuses].map((status) => [status, { description: `Problem (${status})`, ...problem }])),
      },
    });
  }

  /** The OpenAPI 3.1 document of every registered operation. */
  openApiDocument(info: { version: string }): object {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Northstar API',
        version: info.version,
        description: 'OKRs, weekly OKR mails, 1:1 agendas and onboarding coursework for Microsoft 365.',
      },
      servers: [{ url: '/' }],
    });
  }
}
