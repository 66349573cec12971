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
import type { PathwayNode, PathwayView } from '../../domain/pathways/views.ts';
import { ruleText } from '../../domain/pathways/views.ts';
import { DESTINATION_TYPES } from '../../domain/pathways/form.ts';

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

const href = (n: PathwayNode): string | null => (n.kind === 'program' && n.programId ? `/programs/${n.programId}` : n.url);
const where = (n: PathwayNode): string => (n.institution ? n.institution.name : 'Outside the state system');

function Node({ n, x, y, destination, current }: { n: PathwayNode; x: number; y: number; destination?: boolean; current?: string | undefined }) {
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
        {wrapName(where(n), 44)[0]}
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

export function PathwaySvg({ view, current }: { view: PathwayView; current?: string | undefined }) {
  const n = Math.max(1, view.components.length);
  const colH = n * NODE_H + (n - 1) * GAP;
  const top = 34;
  const height = top + colH + 10;
  const destY = top + colH / 2 - NODE_H / 2;
  const rule = ruleText(view.pathway);
  return (
    <svg class="laurel-pg__svg" viewBox={`0 0 ${W} ${height}`} width={W} height={height} aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
      <defs>
        <marker id={`arrow-${view.pathway.id}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="#1b1b1b" />
        </marker>
      </defs>
      <text x={4} y={18} class="laurel-pg__label">
        Components
      </text>
      <text x={DEST_X} y={18} class="laurel-pg__label">
        {wrapName(`Leads to · ${rule.replace(/ to complete the pathway\.$/, '')}`, 48)[0]}
      </text>
      {view.components.map((c, i) => {
        const y = top + i * (NODE_H + GAP);
        return <path key={`e${i}`} d={`M${4 + NODE_W},${y + NODE_H / 2} C${(4 + NODE_W + DEST_X) / 2},${y + NODE_H / 2} ${(4 + NODE_W + DEST_X) / 2},${destY + NODE_H / 2} ${DEST_X - 2},${destY + NODE_H / 2}`} class="laurel-pg__edge" marker-end={`url(#arrow-${view.pathway.id})`} />;
      })}
      {view.components.map((c, i) => (
        <Node key={`n${i}`} n={c} x={4} y={top + i * (NODE_H + GAP)} current={current} />
      ))}
      <Node n={view.destination} x={DEST_X} y={destY} destination />
    </svg>
  );
}

function NodeItem({ n, current }: { n: PathwayNode; current?: string | undefined }) {
  const to = href(n);
  return (
    <>
      {to ? <a href={to}>{n.name}</a> : n.name}
      {' — '}
      {where(n)}
      {n.kind === 'external' ? ' (external credential)' : ''}
      {n.creditHours ? `, ${n.creditHours} credit hours` : ''}
      {current && n.programId === current ? ' (this program)' : ''}
    </>
  );
}

/** The graph and its list. `headingLevel`: the level of the pathway's name heading. */
/** `current`: the program whose page shows the graph, marked in the drawing and the list. */
export function PathwayGraph({ view, headingLevel = 2, link = true, current }: { view: PathwayView; headingLevel?: 2 | 3; link?: boolean; current?: string | undefined }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const id = `pathway-${view.pathway.id}`;
  return (
    <figure class="laurel-pg" aria-labelledby={`${id}-title`}>
      <H id={`${id}-title`} class="laurel-pg__title">
        {link ? <a href={`/pathways/${view.pathway.id}`}>{view.pathway.name}</a> : view.pathway.name}
      </H>
      <div class="laurel-pg__drawing">
        <PathwaySvg view={view} current={current} />
      </div>
      <p class="laurel-pg__rule">
        <strong>Rule:</strong> {ruleText(view.pathway)}
      </p>
      <ol class="usa-list laurel-pg__list" aria-label={`Components of ${view.pathway.name}`}>
        {view.components.map((c, i) => (
          <li key={i}>
            <NodeItem n={c} current={current} />
          </li>
        ))}
      </ol>
      <p class="laurel-pg__leads">
        <strong>Leads to:</strong> <NodeItem n={view.destination} current={current} /> ({DESTINATION_TYPES[view.destination.credentialType] ?? 'Credential'})
      </p>
    </figure>
  );
}
