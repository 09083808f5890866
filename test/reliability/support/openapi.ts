/** A JSON Schema as found in the generated OpenAPI document (loosely typed on purpose). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** The parts of an OpenAPI 3.1 document the reliability suite reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, JsonSchema> };
  security?: unknown[];
}

interface OperationObject {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

/** One operation of the API as the suite drives it. */
export interface Operation {
  id: string;
  method: string;
  /** Path template without the `/api` prefix handling: exactly as documented, e.g. `/api/objectives/{id}`. */
  path: string;
  authenticated: boolean;
  pathParams: string[];
  /** Query parameters: name, whether required, schema. */
  queryParams: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  body: JsonSchema | null;
  documentedStatuses: number[];
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const security = operation.security ?? document.security ?? [];
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        path,
        authenticated: security.length > 0,
        pathParams: (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        queryParams: (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, required: parameter.required === true, schema: parameter.schema })),
        body: operation.requestBody?.content['application/json']?.schema ?? null,
        documentedStatuses: Object.keys(operation.responses).map(Number),
      });
    }
  }
  return operations;
}

/** A query string for the operation: required parameters and any `byName` knows. */
export function sampleQuery(operation: Operation, document: OpenApiDocument, options: SampleOptions): string {
  const pairs: string[] = [];
  for (const parameter of operation.queryParams) {
    const named = options.byName(parameter.name, resolve(parameter.schema, document));
    if (!parameter.required && named === undefined) continue;
    const value = named ?? sampleBody(parameter.schema, document, options);
    pairs.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(value))}`);
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** Resolves `$ref`s and merges `allOf`. */
export function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  let current = schema;
  while (current.$ref) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) throw new Error(`unresolved ${current.$ref}`);
    current = target;
  }
  if (current.allOf) {
    const parts = current.allOf.map((part) => resolve(part, document));
    return {
      ...current,
      allOf: undefined,
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, JsonSchema>,
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  return current;
}

/** How {@link sampleBody} fills values: by property name first, then by the string pattern. */
export interface SampleOptions {
  /** A value for a property by its name (and the string schema), or undefined to sample it. */
  byName(name: string, schema: JsonSchema): unknown;
  /** A value for a string of a pattern not covered by name, or undefined for the fallback. */
  byPattern(pattern: string): string | undefined;
  /** Also fill optional properties whose names `byName` knows. */
  namedOptionals?: boolean;
  /** Fill every optional property too. */
  allOptionals?: boolean;
  /** Every free text string gets this value (for the HTML/script abuse case). */
  text?: string;
}

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return undefined;
}

/** A value valid for `schema`: required properties (plus named optionals), first enum values, minimal sizes. */
export function sampleBody(schema: JsonSchema, document: OpenApiDocument, options: SampleOptions, name = ''): unknown {
  const resolved = resolve(schema, document);
  const named = name ? options.byName(name, resolved) : undefined;
  if (named !== undefined) return named;
  if (resolved.const !== undefined) return resolved.const;
  const choices = resolved.oneOf ?? resolved.anyOf;
  if (choices) {
    const choice = choices.map((option) => resolve(option, document)).find((option) => option.type !== 'null') ?? choices[0]!;
    return sampleBody(choice, document, options, name);
  }
  if (resolved.enum) return resolved.enum.find((value) => value !== null) ?? resolved.enum[0];
  switch (typeOf(resolved)) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const required = new Set(resolved.required ?? []);
      for (const [key, property] of Object.entries(resolved.properties ?? {})) {
        const wanted =
          required.has(key) ||
          options.allOptionals ||
          (options.namedOptionals && options.byName(key, resolve(property, document)) !== undefined);
        const textual = options.text !== undefined && isFreeText(resolve(property, document));
        if (wanted || textual) result[key] = sampleBody(property, document, options, key);
      }
      return result;
    }
    case 'array': {
      const count = Math.max(resolved.minItems ?? 0, options.text !== undefined ? 1 : 0);
      return Array.from({ length: count }, () => sampleBody(resolved.items ?? {}, document, options));
    }
    case 'integer':
    case 'number': {
      const low = resolved.minimum ?? (resolved.exclusiveMinimum !== undefined ? resolved.exclusiveMinimum + 1 : undefined);
      const high = resolved.maximum ?? (resolved.exclusiveMaximum !== undefined ? resolved.exclusiveMaximum - 1 : undefined);
      const value = low !== undefined && low > 0 ? low : high !== undefined && high < 1 ? high : 1;
      return typeOf(resolved) === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return true;
    case 'string':
      return sampleString(resolved, options);
    default:
      return resolved.default ?? null;
  }
}

function isFreeText(schema: JsonSchema): boolean {
  return typeOf(schema) === 'string' && !schema.pattern && !schema.format && !schema.enum && (schema.maxLength ?? 1000) >= 40;
}

function sampleString(schema: JsonSchema, options: SampleOptions): string {
  if (schema.pattern) {
    const value = options.byPattern(schema.pattern);
    if (value !== undefined) return value;
  }
  if (schema.format === 'date') return '2030-01-15';
  if (schema.format === 'date-time') return '2030-01-15T09:00:00.000Z';
  if (schema.format === 'email') return 'someone@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.com/';
  if (options.text !== undefined && isFreeText(schema)) return options.text.slice(0, schema.maxLength ?? options.text.length);
  const base = 'Reliability sample';
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  return base.padEnd(min, 'x').slice(0, Math.max(min, Math.min(max, base.length)));
}
