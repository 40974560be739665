/** The memory of every process of the local stack, read from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';
import type { LocalEndpoint } from '../../local/launch.js';

export interface ProcessMemory {
  pid: number;
  label: string;
  rssKiB: number;
}

/** The endpoint process: the parent of its containers (setpriv execs, so the pid is the node process). */
export async function endpointPid(endpoint: LocalEndpoint): Promise<number | undefined> {
  const { containers } = await endpoint.status();
  const pid = containers.find((container) => container.pid)?.pid;
  return pid === undefined ? undefined : parentOf(pid);
}

export async function containerNames(endpoint: LocalEndpoint): Promise<Map<number, string>> {
  const { containers } = await endpoint.status();
  return new Map(containers.flatMap((container) => (container.pid ? [[container.pid, container.hostname] as [number, string]] : [])));
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  // The command name may hold spaces and parentheses; the fields after the last ')' do not.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? Number(fields[1]) : undefined;
}

function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readProc(pid, 'status') ?? '');
  return match ? Number(match[1]) : 0;
}

function commandLine(pid: number): string {
  return (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
}

/** What a descendant process is, by its command line. */
function describe(pid: number, parentLabel: string): string {
  const command = commandLine(pid);
  if (/multiprocessing\.spawn/.test(command)) return `${parentLabel} model worker`;
  if (/resource_tracker/.test(command)) return `${parentLabel} resource tracker`;
  if (/esbuild/.test(command)) return `${parentLabel} esbuild service`;
  return `${parentLabel} child (${command.slice(0, 40)})`;
}

/** The roots and every descendant, labelled; containers by their hostname. */
export function processTree(roots: { pid?: number; label: string }[], containers: Map<number, string>): ProcessMemory[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: ProcessMemory[] = [];
  const visit = (pid: number, label: string) => {
    found.push({ pid, label, rssKiB: rssKiB(pid) });
    for (const child of children.get(pid) ?? []) {
      const hostname = containers.get(child);
      visit(child, hostname ? `${hostname} front (serve)` : describe(child, label.replace(/ front \(serve\)$/, '')));
    }
  };
  for (const root of roots) if (root.pid) visit(root.pid, root.label);
  return found;
}

export const mib = (kib: number) => kib / 1024;
