// Small pieces for the routes' JSON schemas (issue 14.5). Fastify validates params, query and body
// with them and serialises answers through them, and /api/openapi.json is generated from them, so
// an answer schema must declare every field the API returns: an undeclared field is dropped.
import "fastify";
import { z } from "zod";

// What a route's schema says for /api/openapi.json besides its inputs and answers (Fastify itself
// reads only params, querystring, body, headers and response).
declare module "fastify" {
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    /** Who may call it, as OpenAPI security requirements; a staff session when absent. */
    security?: Array<Record<string, string[]>>;
  }
}

export const str = { type: "string" } as const;
export const int = { type: "integer" } as const;
export const bool = { type: "boolean" } as const;
/** An instant as the API writes it: ISO 8601 in UTC. */
export const isoTime = { type: "string", format: "date-time" } as const;
/** Anything JSON (written with JSON.stringify): audit details and similar open values. */
export const anyJson = {} as const;

type Typed = { type: string } & Record<string, unknown>;
export const nullable = <T extends Typed>(s: T) => ({ ...s, type: [s.type, "null"] }) as const;
export const arrayOf = <T extends object>(items: T) => ({ type: "array", items }) as const;

/** An object whose listed fields are all present. `open`: further fields pass through as they are. */
export function obj<P extends Record<string, object>>(properties: P, o: { open?: boolean; optional?: readonly (keyof P & string)[] } = {}) {
  const optional = new Set<string>(o.optional ?? []);
  return {
    type: "object",
    properties,
    required: Object.keys(properties).filter((k) => !optional.has(k)),
    ...(o.open ? { additionalProperties: true } : {}),
  } as const;
}

/** Every error answer of the JSON API: `error` a stable code, `message` in words. */
export const errorAnswer = obj({ error: str, message: str }, { open: true });
export const errorAnswers = <const C extends readonly number[]>(...codes: C) =>
  Object.fromEntries(codes.map((c) => [c, errorAnswer])) as Record<C[number], typeof errorAnswer>;

/**
 * For routes that validate their input with zod themselves and whose `bad_request` answers are an
 * interface (enrollment, sign-ins, templates, ...): the schema only documents them. Inputs are not
 * checked twice and answers are written with JSON.stringify, exactly as before.
 */
export const describeOnly = {
  validatorCompiler: () => () => true,
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
} as const;

/** The JSON schema of a zod schema, as the caller sends it (before transforms), for documentation. */
export function fromZod(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return json;
}

/** Routes the portal calls with API_TOKEN (Authorization: Bearer). */
export const PORTAL_TOKEN = [{ portalToken: [] }];
