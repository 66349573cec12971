// Everything the multi-node test runs against, on one machine: the namespaces and bridge, a relay to
// PostgreSQL, a balancer in front of the nodes, a real SMTP sink and a real webhook receiver on the
// bridge's address, one fresh PostgreSQL database, and N `laurel serve` nodes, one per namespace.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../packages/server/src/config.ts';
import { openLaurel, type Laurel } from '../../../packages/server/src/app/compose.ts';
import { startReceiver, type Receiver } from '../../../packages/server/test/support/webhook-receiver.ts';
import { freshPostgres } from '../../support/database.ts';
import { HOST_IP, nodeIp, nodeName, requireNetworkPrivileges, setupNetwork, teardownNetwork } from './netns.ts';
import { appNode, NODE_PORT, type AppNode } from './node.ts';
import { startRelay, type Relay } from './relay.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

export interface Cluster {
  readonly nodes: AppNode[];
  readonly balancer: Relay;
  /** The public URL every node is configured with: the balancer. */
  readonly publicUrl: string;
  readonly smtp: SmtpSink;
  readonly receiver: Receiver;
  /** The test's own handle on the database (direct, not through the relay), for setting up and counting. */
  readonly rt: Laurel;
  close(): Promise<void>;
}

export async function startCluster(n: number): Promise<Cluster> {
  requireNetworkPrivileges();
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('The multi-node test needs PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test), as .ci/run does. It is not skipped.');
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    while (closers.length) {
      try {
        await closers.pop()!();
      } catch (e) {
        console.error('cleanup:', e);
      }
    }
  };
  try {
    setupNetwork(n);
    closers.push(() => teardownNetwork(n));
    const db = await freshPostgres(admin, process.env.LAUREL_NODES_DB_PREFIX || 'laurel_nodes');
    closers.push(db.drop);
    const direct = new URL(db.url);
    const pgRelay = await startRelay({ host: HOST_IP, port: 0 }, [{ host: direct.hostname, port: Number(direct.port || 5432) }]);
    closers.push(() => pgRelay.close());
    const viaBridge = new URL(db.url);
    viaBridge.hostname = HOST_IP;
    viaBridge.port = String(pgRelay.port);
    const targets = Array.from({ length: n }, (_, i) => ({ host: nodeIp(i + 1), port: NODE_PORT }));
    const balancer = await startRelay({ host: HOST_IP, port: 0 }, targets);
    closers.push(() => balancer.close());
    const publicUrl = `http://${HOST_IP}:${balancer.port}`;
    const smtp = await startSmtpSink(HOST_IP);
    closers.push(() => smtp.close());
    const receiver = await startReceiver({ host: HOST_IP });
    closers.push(() => receiver.close());

    const env = {
      LAUREL_DATABASE_URL: viaBridge.toString(),
      LAUREL_MASTER_KEY: randomBytes(32).toString('base64'),
      LAUREL_PUBLIC_URL: publicUrl,
      LAUREL_SMTP_URL: `smtp://${HOST_IP}:${smtp.port}`,
      // The webhook receiver is on the bridge: a private address, allowed by name as an intranet one would be.
      LAUREL_FETCH_ALLOW_HOSTS: HOST_IP,
      // A killed node's claimed jobs are taken over after 15 s rather than each queue's 30–60 s.
      LAUREL_JOB_LEASE_SECONDS: '15',
      // Three nodes on a two-core machine: one signing thread each.
      LAUREL_SIGNING_THREADS: '1',
    };
    const nodes = Array.from({ length: n }, (_, i) => appNode({ name: `node${i + 1}`, netns: nodeName(i + 1), ip: nodeIp(i + 1), env }));
    closers.push(async () => {
      await Promise.all(nodes.map((x) => x.stop()));
      for (const x of nodes) fs.rmSync(x.dataDir, { recursive: true, force: true });
    });
    // The first node migrates and seeds the empty database; the others then start together.
    await nodes[0]!.start();
    await Promise.all(nodes.slice(1).map((x) => x.start()));

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'laurel-nodes-test-'));
    closers.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const { LAUREL_DATABASE_URL: _viaBridge, ...common } = env;
    const rt = await openLaurel(loadConfig({ ...common, LAUREL_DATABASE_URL: db.url, LAUREL_DATA_DIR: dataDir, LAUREL_LOG_LEVEL: 'silent' }));
    closers.push(() => rt.close());
    return { nodes, balancer, publicUrl, smtp, receiver, rt, close };
  } catch (e) {
    await close();
    throw e;
  }
}
