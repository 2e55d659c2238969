// People on record: search and one person (API and pages), and revoking a PIN that still works.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { revokePin } from "../../review/revoke-pin.js";
import { arrayOf, errorAnswers, obj, str } from "../api/schema-kit.js";
import { t } from "../i18n/catalog.js";
import { actionDone, personDetail, personSummary } from "./api-shapes.js";
import { loadPerson, searchPeople } from "./people-data.js";
import { peopleBody, personBody } from "./people-page.js";
import { respond, sendPage, staffOf, type Notice, type Result, type SupportKit } from "./route-kit.js";
import { clock } from "./support-deps.js";

const searchQuery = obj({ q: { ...str, description: "words in the name, address or organization (the first five)" } }, { optional: ["q"] });
const idParams = obj({ id: { ...str, description: "the person's id" } });
const revokeBody = { type: ["object", "null"], properties: { reason: { ...str, description: "why, for the record" } } } as const;

type Revoke = FastifyRequest<{ Params: { id?: string; pinId: string }; Body: { reason?: string } | null }>;

export function peopleRoutes(scope: FastifyInstance, kit: SupportKit): void {
  const { deps } = kit;

  scope.get<{ Querystring: { q?: string } }>(
    "/api/people",
    {
      schema: {
        summary: "People on record matching the words (at most 50)",
        tags: ["people"],
        querystring: searchQuery,
        response: { 200: obj({ people: arrayOf(personSummary) }), ...errorAnswers(400, 401, 403) },
      },
    },
    async (req) => ({ people: await searchPeople(deps.db, req.query.q) }),
  );
  scope.get<{ Querystring: { q?: string } }>("/people", async (req, reply) => {
    const q = typeof req.query.q === "string" ? req.query.q.slice(0, 200) : undefined;
    return sendPage(req, reply, t("title.people"), peopleBody(q, await searchPeople(deps.db, q)), "people");
  });

  const personOf = (id: string) => (/^\d{1,9}$/.test(id) ? loadPerson(deps.db, Number(id), clock(deps)) : Promise.resolve(null));
  scope.get<{ Params: { id: string } }>(
    "/api/people/:id",
    {
      schema: {
        summary: "One person: their record, legal hold, requests and PIN history (never a PIN)",
        tags: ["people"],
        params: idParams,
        response: { 200: personDetail, ...errorAnswers(401, 403, 404) },
      },
    },
    async (req, reply) => (await personOf(req.params.id)) ?? reply.code(404).send({ error: "not_found", message: "no such person" }),
  );
  const personPage = async (req: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply, o: Notice = {}) => {
    const p = await personOf(req.params.id ?? "");
    if (!p) return sendPage(req, reply, t("title.notFound"), peopleBody(undefined, []), "people", 404);
    const body = personBody(p, req.csrfToken, clock(deps), o.notice, o.error, req.staff.role === "admin");
    return sendPage(req, reply, `${p.firstName} ${p.lastName}`, body, "people", o.status);
  };
  scope.get<{ Params: { id: string }; Querystring: { done?: string } }>("/people/:id", { schema: { params: idParams } }, async (req, reply) =>
    personPage(req, reply, { notice: req.query.done }),
  );

  const revoke = async (req: Revoke, reply: FastifyReply) => {
    const pinId = Number(req.params.pinId);
    const r: Result =
      Number.isInteger(pinId) && pinId > 0 ? await revokePin(deps.review, staffOf(req), { pinId, reason: req.body?.reason ?? "" }) : { kind: "not-found" };
    return respond(req, reply, r, `/people/${encodeURIComponent(req.params.id ?? "")}?done=revoked`, (message, status) =>
      personPage(req, reply, { error: message, status }),
    );
  };
  const pinParams = obj({ pinId: { ...str, description: "the PIN's id (from the person's PIN history)" } });
  scope.post("/people/:id/pins/:pinId/revoke", { schema: { params: obj({ ...idParams.properties, ...pinParams.properties }), body: revokeBody } }, revoke);
  scope.post(
    "/api/pins/:pinId/revoke",
    {
      schema: {
        summary: "Revoke a PIN that still works (a reason is required)",
        tags: ["people"],
        params: pinParams,
        body: revokeBody,
        response: { 200: actionDone, ...errorAnswers(400, 401, 403, 404, 409, 422) },
      },
    },
    revoke,
  );
}
