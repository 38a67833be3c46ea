// Process facts the supervisor needs: is a pid still the process we started, is a group alive.
import {readFileSync} from 'node:fs';

/** The kernel start time of a process (clock ticks since boot), or null where /proc is absent. */
export function processStartTime(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may hold spaces and parentheses).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const start = Number(fields[19]);
		return Number.isFinite(start) ? start : null;
	} catch {
		return null;
	}
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
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true;
	}
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
