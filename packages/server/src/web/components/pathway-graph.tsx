// A pathway drawn as a graph — its components in a column, each with an arrow to the destination, the
// rule stated over the destination — and the same nodes as an ordered list.
//
// Layout: a pathway is always one layer of components into one destination, so a fixed two-column
// layout is exact and deterministic (same pathway, same bytes); a general graph layout library would
// add a dependency for a shape it never needs.
//
// Accessibility: the SVG is aria-hidden and its links are out of the tab order; the ordered list after
// it is the accessible content, with the same nodes, institutions, links and rule. A graph of links in
// role="img" would be contradictory (an image's children are presentational, yet its links take focus),
// and the list reads better than any description of arrows. The list also carries each full name where
// the drawing truncates a long one.
//
// Text is in the page's language when the caller passes its translator (the public pages), else in
// English (the staff builder and the review queue, which stay English).
import type { Pathway, PathwayDestinationType } from '../../domain/pathways/types.ts';
import type { PathwayNode, PathwayView } from '../../domain/pathways/views.ts';
import { msgKey, translator, type Translator } from '../../shared/i18n/translator.ts';

const W = 760;
const NODE_W = 300;
const NODE_H = 70;
const GAP = 14;
const DEST_X = W - NODE_W - 4;
const LINE_CHARS = 38;

/** Up to two lines of a name, the second ending in an ellipsis when the name is longer. */
export function wrapName(name: string, perLine = LINE_CHARS): string[] {
  const words = name.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (next.length <= perLine) cur = next;
    else {
      if (cur) lines.push(cur);
      cur = w.length > perLine ? `${w.slice(0, perLine - 1)}…` : w;
    }
    if (lines.length === 2) break;
  }
  if (lines.length < 2 && cur) lines.push(cur);
  if (lines.length === 2 && lines.join(' ').length < name.trim().length) {
    const last = lines[1]!;
    lines[1] = last.length >= perLine ? `${last.slice(0, perLine - 1)}…` : `${last}…`;
  }
  return lines.slice(0, 2);
}

/** A destination's credential type in the page's language (DESTINATION_TYPES in English). */
export const DESTINATION_TYPE_KEYS = {
  micro_credential: msgKey('pathways.type.micro_credential'),
  certificate: msgKey('pathways.type.certificate'),
  associate_degree: msgKey('pathways.type.associate_degree'),
  bachelor_degree: msgKey('pathways.type.bachelor_degree'),
  degree: msgKey('pathways.type.degree'),
  other: msgKey('pathways.type.other'),
} as const satisfies Record<PathwayDestinationType, string>;

export function destinationType(i18n: Translator, type: PathwayDestinationType | null | undefined): string {
  return i18n.t(type && type in DESTINATION_TYPE_KEYS ? DESTINATION_TYPE_KEYS[type] : 'pathways.type.unknown');
}

type RuleOf = Pick<Pathway, 'rule' | 'ruleN' | 'ruleCreditHours' | 'components'>;

/** The completion rule as a sentence (ruleText's words in English); `short` without "to complete the pathway". */
export function ruleSentence(i18n: Translator, p: RuleOf, short = false): string {
  const count = p.components.length;
  if (p.rule === 'all') return short ? i18n.t('pathways.ruleShort.all', { count }) : i18n.t('pathways.rule.all', { count });
  if (p.rule === 'n_of') return short ? i18n.t('pathways.ruleShort.nOf', { n: p.ruleN ?? count, count }) : i18n.t('pathways.rule.nOf', { n: p.ruleN ?? count, count });
  const hours = p.ruleCreditHours ?? 0;
  return short ? i18n.t('pathways.ruleShort.creditHours', { hours }) : i18n.t('pathways.rule.creditHours', { hours });
}

const ENGLISH = translator('en');
const href = (n: PathwayNode): string | null => (n.kind === 'program' && n.programId ? `/programs/${n.programId}` : n.url);
const where = (i18n: Translator, n: PathwayNode): string => (n.institution ? n.institution.name : i18n.t('pathways.graph.outside'));

function Node({ i18n, n, x, y, destination, current }: { i18n: Translator; n: PathwayNode; x: number; y: number; destination?: boolean; current?: string | undefined }) {
  const lines = wrapName(n.name);
  const body = (
    <g>
      <rect x={x} y={y} width={NODE_W} height={NODE_H} rx={6} class={destination ? 'laurel-pg__dest' : n.kind === 'external' ? 'laurel-pg__ext' : current && n.programId === current ? 'laurel-pg__node laurel-pg__node--current' : 'laurel-pg__node'} />
      {lines.map((l, i) => (
        <text x={x + 12} y={y + 22 + i * 18} class="laurel-pg__name" key={i}>
          {l}
        </text>
      ))}
      <text x={x + 12} y={y + NODE_H - 10} class="laurel-pg__org">
        {wrapName(where(i18n, n), 44)[0]}
        {n.creditHours ? ` · ${n.creditHours} cr` : ''}
      </text>
    </g>
  );
  const to = href(n);
  return to ? (
    // Lower-case: inside SVG the renderer keeps the attribute name as written.
    <a href={to} tabindex={-1}>
      {body}
    </a>
  ) : (
    body
  );
}

export function PathwaySvg({ view, current, i18n = ENGLISH }: { view: PathwayView; current?: string | undefined; i18n?: Translator }) {
  const n = Math.max(1, view.components.length);
  const colH = n * NODE_H + (n - 1) * GAP;
  const top = 34;
  const height = top + colH + 10;
  const destY = top + colH / 2 - NODE_H / 2;
  return (
    <svg class="laurel-pg__svg" viewBox={`0 0 ${W} ${height}`} width={W} height={height} aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
      <defs>
        <marker id={`arrow-${view.pathway.id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b" />
        </marker>
      </defs>
      <text x={4} y={18} class="laurel-pg__label">
        {i18n.t('pathways.graph.components')}
      </text>
      <text x={DEST_X} y={18} class="laurel-pg__label">
        {wrapName(i18n.t('pathways.graph.leadsToRule', { rule: ruleSentence(i18n, view.pathway, true) }), 48)[0]}
      </text>
      {view.components.map((c, i) => {
        const y = top + i * (NODE_H + GAP);
        return <path key={`e${i}`} d={`M${4 + NODE_W},${y + NODE_H / 2} C${(4 + NODE_W + DEST_X) / 2},${y + NODE_H / 2} ${(4 + NODE_W + DEST_X) / 2},${destY + NODE_H / 2} ${DEST_X - 2},${destY + NODE_H / 2}`} class="laurel-pg__edge" marker-end={`url(#arrow-${view.pathway.id})`} />;
      })}
      {view.components.map((c, i) => (
        <Node key={`n${i}`} i18n={i18n} n={c} x={4} y={top + i * (NODE_H + GAP)} current={current} />
      ))}
      <Node i18n={i18n} n={view.destination} x={DEST_X} y={destY} destination />
    </svg>
  );
}

function NodeItem({ i18n, n, current }: { i18n: Translator; n: PathwayNode; current?: string | undefined }) {
  const to = href(n);
  return (
    <>
      {to ? <a href={to}>{n.name}</a> : n.name}
      {' — '}
      {where(i18n, n)}
      {n.kind === 'external' ? i18n.t('pathways.graph.external') : ''}
      {n.creditHours ? i18n.t('pathways.graph.creditHours', { hours: n.creditHours }) : ''}
      {current && n.programId === current ? i18n.t('pathways.graph.thisProgram') : ''}
    </>
  );
}

/** The graph and its list. `headingLevel`: the level of the pathway's name heading. */
/** `current`: the program whose page shows the graph, marked in the drawing and the list. `i18n`: the page's language (English without it). */
export function PathwayGraph({ view, headingLevel = 2, link = true, current, i18n = ENGLISH }: { view: PathwayView; headingLevel?: 2 | 3; link?: boolean; current?: string | undefined; i18n?: Translator }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const id = `pathway-${view.pathway.id}`;
  return (
    <figure class="laurel-pg" aria-labelledby={`${id}-title`}>
      <H id={`${id}-title`} class="laurel-pg__title">
        {link ? <a href={`/pathways/${view.pathway.id}`}>{view.pathway.name}</a> : view.pathway.name}
      </H>
      <div class="laurel-pg__drawing">
        <PathwaySvg view={view} current={current} i18n={i18n} />
      </div>
      <p class="laurel-pg__rule">
        <strong>{i18n.t('pathways.graph.rule')}</strong> {ruleSentence(i18n, view.pathway)}
      </p>
      <ol class="usa-list laurel-pg__list" aria-label={i18n.t('pathways.graph.componentsOf', { name: view.pathway.name })}>
        {view.components.map((c, i) => (
          <li key={i}>
            <NodeItem i18n={i18n} n={c} current={current} />
          </li>
        ))}
      </ol>
      <p class="laurel-pg__leads">
        <strong>{i18n.t('pathways.graph.leadsTo')}</strong> <NodeItem i18n={i18n} n={view.destination} current={current} /> ({destinationType(i18n, view.destination.credentialType)})
      </p>
    </figure>
  );
}
