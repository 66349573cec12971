// /metrics under LAUREL_WORKERS > 1: a scrape reaches whichever app process the kernel picks, so that
// process asks the supervisor, which collects every app process's registry (prom-client's
// AggregatorRegistry, over the cluster's IPC channel) and answers the sum. Counters and histograms add
// up; the gauges read from the database are the same in each process and are taken once (their
// aggregator is 'first', app/metrics.ts); the pool gauges add up (each process has its own pool).
import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

interface MetricsAsk {
  readonly type: 'laurel:metrics-ask';
  readonly id: number;
}
interface MetricsAnswer {
  readonly type: 'laurel:metrics-answer';
  readonly id: number;
  readonly text?: string;
  readonly error?: string;
}

/** In the supervisor: answers the app processes' asks with the aggregate of all of them. */
export function answerMetricsAsks(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (w, msg: MetricsAsk) => {
    if (msg?.type !== 'laurel:metrics-ask') return;
    aggregator.clusterMetrics().then(
      (text) => w.send({ type: 'laurel:metrics-answer', id: msg.id, text } satisfies MetricsAnswer),
      (err: unknown) => w.send({ type: 'laurel:metrics-answer', id: msg.id, error: err instanceof Error ? err.message : String(err) } satisfies MetricsAnswer),
    );
  });
}

/** In an app process: reports `registry` to the supervisor's collections, and returns how /metrics asks for the aggregate. */
export function clusterMetricsText(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one in a worker is what makes prom-client answer the supervisor's collection requests.
  new AggregatorRegistry();
  const waiting = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void }>();
  let next = 0;
  process.on('message', (msg: MetricsAnswer) => {
    if (msg?.type !== 'laurel:metrics-answer') return;
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.text !== undefined) w.resolve(msg.text);
    else w.reject(new Error(`metrics from the other app processes: ${msg.error ?? 'no answer'}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      process.send?.({ type: 'laurel:metrics-ask', id } satisfies MetricsAsk);
    });
}
