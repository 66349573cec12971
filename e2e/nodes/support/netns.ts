// The test network: a Linux bridge `lrl-br0` (10.77.0.1/24) in the root namespace and one network
// namespace per app node (`lrl-n1`…, 10.77.0.11…) joined to it by a veth pair. Each node has only its own
// address and loopback, so anything it reaches — PostgreSQL, SMTP, the webhook receiver — goes over the
// bridge to 10.77.0.1, as app machines reach shared services over a network.
import { execFileSync } from 'node:child_process';

export const BRIDGE = 'lrl-br0';
export const HOST_IP = '10.77.0.1';
export const nodeName = (i: number): string => `lrl-n${i}`;
export const nodeIp = (i: number): string => `10.77.0.${10 + i}`;

function ip(args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function quietly(args: readonly string[]): void {
  try {
    ip(args);
  } catch {
    // absent: nothing to remove
  }
}

/** Fails with a message that says what is missing: the test needs root and iproute2, and never skips. */
export function requireNetworkPrivileges(): void {
  if (process.platform !== 'linux') throw new Error('The multi-node test needs Linux network namespaces (ip netns); this is ' + process.platform + '.');
  if (process.getuid?.() !== 0) throw new Error('The multi-node test creates network namespaces and a bridge: run it as root (sudo npm run e2e:nodes). It is not skipped.');
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('The multi-node test needs the `ip` command (apt-get install iproute2). It is not skipped.');
  }
}

/** Removes the namespaces, their veths and the bridge (a previous run that crashed may have left them). */
export function teardownNetwork(nodes: number): void {
  for (let i = 1; i <= nodes; i++) {
    quietly(['netns', 'delete', nodeName(i)]);
    quietly(['link', 'delete', `lrl-v${i}`]);
  }
  quietly(['link', 'delete', BRIDGE]);
}

export function setupNetwork(nodes: number): void {
  teardownNetwork(nodes);
  ip(['link', 'add', BRIDGE, 'type', 'bridge']);
  ip(['addr', 'add', `${HOST_IP}/24`, 'dev', BRIDGE]);
  ip(['link', 'set', BRIDGE, 'up']);
  for (let i = 1; i <= nodes; i++) {
    const ns = nodeName(i);
    const outer = `lrl-v${i}`;
    const inner = `lrl-v${i}p`;
    ip(['netns', 'add', ns]);
    ip(['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
    ip(['link', 'set', inner, 'netns', ns]);
    ip(['link', 'set', outer, 'master', BRIDGE, 'up']);
    ip(['-n', ns, 'addr', 'add', `${nodeIp(i)}/24`, 'dev', inner]);
    ip(['-n', ns, 'link', 'set', inner, 'up']);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  }
}
