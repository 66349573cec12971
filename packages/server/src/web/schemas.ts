// TypeBox schemas for the pages' params, queries and form bodies: what a route accepts is declared,
// validated by Fastify and typed, as in the API — no casts of req.params / req.query / req.body.
// Pages are lenient where browsers are: a page number that is not a number means page 1, an unknown
// filter value means no filter; the use case still checks every value it acts on.
import Type, { type Static, type TSchema } from 'typebox';

/** Route params `{ id }` (ids are app-generated UUIDv7, but any string is looked up and 404s if absent). */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
export type IdParams = Static<typeof IdParams>;

/** A `?page=` query; parse with pageNumber() from routes/forms.ts. */
export const PageQuery = Type.Object({ page: Type.Optional(Type.String()) });

/** An optional query string value (kept as typed so the page can show it back). */
export const OptionalText = Type.Optional(Type.String({ maxLength: 2000 }));

/** A urlencoded form: each field a string, or several strings when repeated (checkboxes, row lists). */
export const FormFields = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));
export type FormFields = Static<typeof FormFields>;

/** A query object of optional strings with the given names (and nothing required). */
export function queryOf<K extends string>(...names: K[]) {
  return Type.Object(Object.fromEntries(names.map((n) => [n, Type.Optional(Type.String({ maxLength: 2000 }))])) as { [P in K]: ReturnType<typeof Type.Optional<ReturnType<typeof Type.String>>> });
}

export type { Static, TSchema };
