// The words of a validation failure, and the OpenAPI document built from route schemas (pure).
import { describe, expect, it } from "vitest";
import { describeSchemaErrors } from "../../../src/web/api/invalid-request.js";
import { openApiDocument, openApiPath } from "../../../src/web/api/openapi.js";
import { errorAnswers, obj, str } from "../../../src/web/api/schema-kit.js";

describe("describeSchemaErrors", () => {
  it("names the part and the field, in words", () => {
    expect(describeSchemaErrors([{ instancePath: "/version", keyword: "type", params: { type: "integer,null" } }], "body")).toBe(
      "body.version: must be a whole number or null",
    );
    expect(describeSchemaErrors([{ instancePath: "", keyword: "required", params: { missingProperty: "reason" } }], "body")).toBe("body.reason: is required");
    expect(describeSchemaErrors([{ instancePath: "/state", keyword: "enum", params: { allowedValues: ["a", "b"] } }], "querystring")).toBe(
      "query.state: must be one of a, b",
    );
  });

  it("leaves out anyOf's summary, repeats nothing and keeps at most three", () => {
    const e = (path: string) => ({ instancePath: path, keyword: "type", params: { type: "string" } });
    const errors = [e("/a"), e("/a"), { instancePath: "/a", keyword: "anyOf", params: {} }, e("/b"), e("/c"), e("/d")];
    expect(describeSchemaErrors(errors, "body")).toBe("body.a: must be a string; body.b: must be a string; body.c: must be a string");
    expect(describeSchemaErrors([], "params")).toBe("path: is not valid");
  });
});

describe("openApiDocument", () => {
  it("turns route schemas into paths with parameters, a JSON body and answers", () => {
    expect(openApiPath("/api/requests/:ref/hold")).toBe("/api/requests/{ref}/hold");
    const doc = openApiDocument([
      {
        method: "POST",
        url: "/api/requests/:ref/hold",
        schema: { summary: "hold", params: obj({ ref: str }), body: obj({ reason: str }), response: { 200: obj({ ok: str }), ...errorAnswers(404) } },
      },
      { method: "GET", url: "/api/requests", schema: { querystring: obj({ q: str }, { optional: ["q"] }), response: { "2xx": obj({}) } } },
    ]) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const post = doc.paths["/api/requests/{ref}/hold"]!["post"]!;
    expect(post["parameters"]).toEqual([{ name: "ref", in: "path", required: true, schema: str }]);
    expect(post["requestBody"]).toEqual({ required: true, content: { "application/json": { schema: obj({ reason: str }) } } });
    expect(Object.keys(post["responses"] as object)).toEqual(["200", "404"]);
    expect(post["security"]).toEqual([{ staffSession: [] }]);
    const get = doc.paths["/api/requests"]!["get"]!;
    expect(get["parameters"]).toEqual([{ name: "q", in: "query", required: false, schema: str }]);
    expect(Object.keys(get["responses"] as object)).toEqual(["2XX"]);
  });
});
