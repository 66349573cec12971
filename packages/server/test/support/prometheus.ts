// Reading a /metrics scrape: a real parser of the text format (families, types, gauge and counter
// samples), and the exact sample lines for histograms — parse-prometheus-text-format folds a labelled
// histogram's series into one, so a histogram's _count is read from its line instead.
import parsePrometheusTextFormat, { type PromFamily, type PromSample } from 'parse-prometheus-text-format';

export type { PromFamily, PromSample };

export class Scrape {
  readonly families: ReadonlyMap<string, PromFamily>;
  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  }

  family(name: string): PromFamily {
    const f = this.families.get(name);
    if (!f) throw new Error(`no metric ${name} in the scrape`);
    return f;
  }

  /** The sample of `name` whose labels include `labels`; undefined if none. */
  sample(name: string, labels: Readonly<Record<string, string>> = {}): PromSample | undefined {
    return this.family(name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  }

  /** The value on the exact sample line `name{labels…}` whose labels include `labels` (summed over matches). */
  line(name: string, labels: Readonly<Record<string, string>> = {}): number {
    let total = 0;
    for (const l of this.text.split('\n')) {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m || m[1] !== name) continue;
      const have = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
      if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
    }
    return total;
  }

  /** A gauge's or counter's value (0 when the labelled sample is absent: a counter not yet bumped). */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number {
    const s = this.sample(name, labels);
    return s?.value === undefined ? 0 : Number(s.value);
  }
}
