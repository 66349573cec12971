// GET /api/v1/inventory (JSON, with facets) and GET /api/v1/inventory.csv (every matching row, streamed).
// Public: no token needed. The query parameters are the inventory page's, so a page URL's query string
// works here unchanged.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { exportInventory } from '../../../domain/inventory/export-inventory.ts';
import { ENDORSEMENT_LABELS, FACET_VALUE_LABELS, labelledFacets, type InventoryItem } from '../../../domain/inventory/query.ts';
import { searchInventory } from '../../../domain/inventory/search-inventory.ts';
import { errorResponses } from './schemas.ts';

const list = (description: string) => Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description: `${description} Repeat the parameter for several values (any of them matches).` }));
const values = (facet: keyof typeof FACET_VALUE_LABELS) => Object.keys(FACET_VALUE_LABELS[facet] ?? {}).join(', ');

export const InventoryQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find in titles, skills, narratives, institutions and partners. Plurals and other word forms match; the last word also matches as a prefix.' })),
  endorsement: list(`Endorsement status: ${values('endorsement')}.`),
  institution: list('Institution slug, e.g. red-river.'),
  credential_type: list(`Credential type: ${values('credential_type')}.`),
  credit: list(`credit (credit-bearing) or non_credit.`),
  credit_hours_min: Type.Optional(Type.Number({ minimum: 0, maximum: 60, description: 'Fewest total credit hours.' })),
  credit_hours_max: Type.Optional(Type.Number({ minimum: 0, maximum: 60, description: 'Most total credit hours.' })),
  focus_area: list(`Focus area: ${values('focus_area')}.`),
  level: list(`Level: ${values('level')}.`),
  delivery_mode: list(`Delivery mode: ${values('delivery_mode')}.`),
  cost: list('free or paid.'),
  skill: list('A skill tag (case-insensitive, exact).'),
  partner: list('An industry partner’s name (case-insensitive, exact).'),
  has_badge: list('yes (the program has its own badge design) or no.'),
  stacks_into: list('A destination of a published pathway the program is a component of, as the facet lists it: its name and, for a listed program, “ — ” and its institution (exact).'),
  sort: Type.Optional(Type.String({ description: 'relevance (default with q), title (default without), newest.' })),
  page: Type.Optional(Type.String({ description: 'Page number, from 1 (default 1).' })),
  per_page: Type.Optional(Type.String({ description: 'Items per page, 1 to 100 (default 20).' })),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const InventoryItemSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  url: Type.String({ description: 'The program’s public page' }),
  endorsement: Type.Union([Type.Literal('endorsed'), Type.Literal('not_endorsed')]),
  endorsement_label: Type.String({ description: '"Endorsed by State Regents" or "Not Endorsed by State Regents"' }),
  institution: Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() }),
  summary: Type.String(),
  credential_type: Nullable(Type.String()),
  level: Nullable(Type.String()),
  delivery_mode: Nullable(Type.String()),
  credit_bearing: Type.Boolean(),
  credit_hours: Type.Number(),
  cost: Type.Object({ free: Type.Boolean(), amount: Nullable(Type.Number()) }),
  focus_areas: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  partners: Type.Array(Type.String()),
  has_badge: Type.Boolean(),
  badge_image_url: Type.String(),
  published_at: Type.String(),
});

const FacetValueSchema = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer(), selected: Type.Boolean() });

export const InventoryResultSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  items: Type.Array(InventoryItemSchema),
  facets: Type.Record(Type.String(), Type.Array(FacetValueSchema), { description: 'Per facet, its values with the number of programs each would give, counting all other filters but not the facet’s own.' }),
  suggestion: Nullable(Type.String({ description: 'A corrected query when this one found nothing' })),
});

export function inventoryItemOut(i: InventoryItem, base: string): Static<typeof InventoryItemSchema> {
  return {
    id: i.programId,
    title: i.title,
    url: `${base}/programs/${i.programId}`,
    endorsement: i.endorsement,
    endorsement_label: ENDORSEMENT_LABELS[i.endorsement],
    institution: { slug: i.institutionSlug, name: i.institutionName, url: `${base}/institutions/${i.institutionSlug}` },
    summary: i.summary,
    credential_type: i.credentialType,
    level: i.level,
    delivery_mode: i.deliveryMode,
    credit_bearing: i.creditBearing,
    credit_hours: i.creditHours,
    cost: { free: i.costFree, amount: i.costAmount },
    focus_areas: [...i.focusAreas],
    skills: [...i.skills],
    partners: [...i.partners],
    has_badge: i.hasBadge,
    badge_image_url: `${base}/programs/${i.programId}/badge`,
    published_at: i.publishedAt,
  };
}

export async function registerInventoryApi(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const base = () => app.laurel.config.publicUrl;

  app.get(
    '/inventory',
    {
      schema: {
        tags: ['Inventory'],
        summary: 'Search the statewide inventory (public)',
        description: 'Listed programs matching the query and filters, a page at a time, with counts per facet value. The same parameters as the /inventory page.',
        security: [],
        querystring: InventoryQuerySchema,
        response: { 200: InventoryResultSchema, ...errorResponses(422) },
      },
    },
    async (req) => {
      const { query, result } = await searchInventory(app.laurel.deps, req.actor, { params: req.query });
      const facets = labelledFacets(result);
      return {
        total: result.total,
        page: query.page,
        per_page: query.perPage,
        items: result.items.map((i) => inventoryItemOut(i, base())),
        facets: Object.fromEntries(Object.entries(facets).map(([k, vs]) => [k, vs.map((v) => ({ value: v.value, label: v.label, count: v.count, selected: v.selected }))])),
        suggestion: result.suggestion,
      };
    },
  );

  app.get(
    '/inventory.csv',
    {
      schema: {
        tags: ['Inventory'],
        summary: 'Export a search of the statewide inventory as CSV (public)',
        description: 'Every matching program (not only one page), streamed as text/csv. Same parameters as GET /inventory; page and per_page are ignored.',
        security: [],
        querystring: InventoryQuerySchema,
        produces: ['text/csv'],
        response: { 200: { description: 'CSV with a header row', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errorResponses(422) },
      },
    },
    async (req, reply) => {
      const { lines } = exportInventory(app.laurel.deps, req.actor, { params: req.query });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="inventory.csv"')
        .send(Readable.from(lines) as unknown as string);
    },
  );
}
