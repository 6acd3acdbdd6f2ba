/**
 * Peak memory of this process and of the PostgreSQL server: resident set size high-water marks (VmHWM) read from
 * /proc (Linux). For PostgreSQL, the postmaster and its live children: the largest one, and the sum (which counts
 * the shared buffers once per process that touched them, so it overstates the total).
 */
import fs from 'node:fs';

export interface MemoryReport {
  selfPeakRssBytes: number;
  postgres: { processes: number; maxBackendPeakBytes: number; totalPeakBytes: number } | null;
}

function peakOf(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function childrenOf(parent: number): number[] {
  const result: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return result;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (after the parenthesised command name) is the parent pid.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent) result.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return result;
}

export function readProcessMemory(postmasterPid: number | null): MemoryReport {
  const selfPeakRssBytes = process.resourceUsage().maxRSS * 1024;
  if (!postmasterPid) return { selfPeakRssBytes, postgres: null };
  const pids = [postmasterPid, ...childrenOf(postmasterPid)];
  const peaks = pids.map(peakOf).filter((value): value is number => value !== null);
  if (peaks.length === 0) return { selfPeakRssBytes, postgres: null };
  return { selfPeakRssBytes, postgres: { processes: peaks.length, maxBackendPeakBytes: Math.max(...peaks), totalPeakBytes: peaks.reduce((a, b) => a + b, 0) } };
}
