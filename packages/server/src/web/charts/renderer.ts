// Rendered charts kept in a bounded LRU keyed by a hash of the chart, so a dashboard that is read again
// with the same figures costs a map lookup per chart. One renderer per app (made in the composition of
// the web layer), never a module singleton; concurrent requests for the same chart share one render.
import { createHash } from 'node:crypto';
import type { Chart } from '../../domain/reporting/types.ts';
import { renderChartPng, renderChartSvg } from './render.ts';

/** JSON with object keys sorted, so two equal charts built in a different key order hash the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

export function chartKey(chart: Chart): string {
  return createHash('sha256').update(canonical(chart)).digest('base64url');
}

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  /** Forgets `key` only while it still holds `v` (a newer value stays). */
  deleteIf(key: string, v: V): void {
    if (this.map.get(key) === v) this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}

export interface ChartRendererOptions {
  /** How many rendered SVGs to keep (default 500: ~10–50 KB each, so at most ~25 MB). */
  readonly maxEntries?: number;
  /** How many PNGs to keep (default 50; they are larger and only the monthly report asks for them). */
  readonly maxPngEntries?: number;
}

export class ChartRenderer {
  private readonly svgs: Lru<Promise<string>>;
  private readonly pngs: Lru<Promise<Buffer>>;
  constructor(opts: ChartRendererOptions = {}) {
    this.svgs = new Lru(opts.maxEntries ?? 500);
    this.pngs = new Lru(opts.maxPngEntries ?? 50);
  }

  /** The chart's SVG (renderChartSvg), from the cache when the same chart was drawn before. */
  svg(chart: Chart): Promise<string> {
    return this.cached(this.svgs, chart, () => renderChartSvg(chart));
  }

  /** The chart's PNG (renderChartPng), drawn from the cached SVG. */
  png(chart: Chart): Promise<Buffer> {
    return this.cached(this.pngs, chart, async () => renderChartPng(chart, await this.svg(chart)));
  }

  get cachedSvgs(): number {
    return this.svgs.size;
  }

  private cached<V>(lru: Lru<Promise<V>>, chart: Chart, make: () => Promise<V>): Promise<V> {
    const key = chartKey(chart);
    const hit = lru.get(key);
    if (hit) return hit;
    const p = make();
    lru.set(key, p);
    // A failed render is not remembered: the next request tries again.
    p.catch(() => lru.deleteIf(key, p));
    return p;
  }
}
