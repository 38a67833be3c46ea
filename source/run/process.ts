// Process facts the supervisor needs: is a pid still the process we started, is a group alive,
// which groups a step's processes are in.
import {readdirSync, readFileSync} from 'node:fs';

/** The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number | string): string[] | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null;
	}
}

/** The kernel start time of a process (clock ticks since boot), or null where /proc is absent. */
export function processStartTime(pid: number): number | null {
	const start = Number(statFields(pid)?.[19]);
	return Number.isFinite(start) ? start : null;
}

export interface ProcessEntry {
	pid: number;
	ppid: number;
	pgid: number;
	zombie: boolean;
}

/** Every process of the machine, or null where /proc is absent. */
export function processTable(): ProcessEntry[] | null {
	let names: string[];
	try {
		names = readdirSync('/proc');
	} catch {
		return null;
	}
	const table: ProcessEntry[] = [];
	for (const name of names) {
		if (!/^\d+$/.test(name)) continue;
		const fields = statFields(name);
		if (fields) table.push({pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === 'Z'});
	}
	return table;
}

/**
 * The process groups, other than its own, of the descendants of `pid`. ansible-core 2.19 and
 * later start each worker in a session of its own: a signal to ansible-playbook's group reaches
 * neither the workers nor the tasks they run, and once the leader is gone they cannot be found.
 */
export function descendantGroups(table: ProcessEntry[], pid: number): number[] {
	const children = new Map<number, ProcessEntry[]>();
	for (const p of table) {
		const siblings = children.get(p.ppid);
		if (siblings) siblings.push(p);
		else children.set(p.ppid, [p]);
	}
	const own = table.find((p) => p.pid === pid)?.pgid ?? pid;
	const groups = new Set<number>();
	for (let queue = children.get(pid) ?? []; queue.length > 0; ) {
		const p = queue.shift()!;
		if (p.pgid !== own) groups.add(p.pgid);
		queue = queue.concat(children.get(p.pid) ?? []);
	}
	return [...groups];
}

/** Process groups with a member that is not a zombie (an init that never reaps keeps those). */
export function liveGroups(table: ProcessEntry[]): Set<number> {
	return new Set(table.filter((p) => !p.zombie).map((p) => p.pgid));
}

function signalZero(target: number): boolean {
	try {
		process.kill(target, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** True when pid is alive and, if a start time was recorded, is the same process. */
export function isSameProcessAlive(pid: number, start: number | null): boolean {
	if (!signalZero(pid)) return false;
	if (start === null) return true;
	const now = processStartTime(pid);
	if (now === null) return true;
	if (now !== start) return false;
	// A zombie is dead for our purposes.
	return statFields(pid)?.[0] !== 'Z';
}

export function isGroupAlive(pgid: number): boolean {
	return signalZero(-pgid);
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
