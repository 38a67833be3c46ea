// Which live processes belong to a step attempt: those whose environment carries its token
// (attempt-identity.ts), plus every member of ansible-playbook's process group and of the groups
// of those processes. The groups cover what the token cannot: attempts saved before tokens
// existed, a task that cleared its environment, and processes whose /proc/PID/environ this user
// may not read (another user's, a setuid one's). Zombies never count: they are not running.
import {readFileSync} from 'node:fs';
import {attemptVariable, isAttemptToken} from './attempt-identity.js';
import {isGroupAlive, isSameProcessAlive, processStartTime, processTable, type ProcessEntry} from './process.js';

/** What the driver recorded of an attempt (attempts saved before tokens have none). */
export interface AttemptIdentity {
	pid: number | null;
	pidStart: number | null;
	token?: string | null;
}

export type TokenMatch = (token: string) => boolean;

/** The value of a variable in a process's environment as it was exec'd; null when unset or gone; undefined when unreadable. */
export function environValue(pid: number, name: string): string | null | undefined {
	let raw: Buffer;
	try {
		raw = readFileSync(`/proc/${pid}/environ`);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'EACCES' || code === 'EPERM' ? undefined : null;
	}
	const key = Buffer.from(`${name}=`);
	for (let at = raw.indexOf(key); at !== -1; at = raw.indexOf(key, at + 1)) {
		if (at > 0 && raw[at - 1] !== 0) continue; // the name inside another variable's value
		const end = raw.indexOf(0, at);
		return raw.toString('utf8', at + key.length, end === -1 ? raw.length : end);
	}
	return null;
}

export interface FoundProcesses {
	/** Live processes whose token matches. */
	marked: ProcessEntry[];
	/** Those, and the live members of their groups and of the leaders' groups. */
	all: ProcessEntry[];
}

/** Live processes by token and by group, this process left out; null where /proc cannot be listed. */
export function findProcesses(match: TokenMatch | null, leaders: number[], table: ProcessEntry[] | null = processTable()): FoundProcesses | null {
	if (!table) return null;
	const live = table.filter((p) => !p.zombie && p.pid !== process.pid);
	const marked = match
		? live.filter((p) => {
				const token = environValue(p.pid, attemptVariable);
				return typeof token === 'string' && isAttemptToken(token) && match(token);
			})
		: [];
	// Group 0 and 1 are never a step's (its processes run in sessions started for it).
	const groups = new Set([...leaders, ...marked.map((p) => p.pgid)].filter((g) => g > 1));
	const markedPids = new Set(marked.map((p) => p.pid));
	return {marked, all: live.filter((p) => markedPids.has(p.pid) || groups.has(p.pgid))};
}

function tokenOf(a: AttemptIdentity, also?: TokenMatch): TokenMatch | null {
	// A saved token of the wrong shape (a damaged or hand-edited state) finds nothing.
	const token = typeof a.token === 'string' && isAttemptToken(a.token) ? a.token : null;
	if (!also) return token ? (value) => value === token : null;
	return (value) => value === token || also(value);
}

/**
 * ansible-playbook's pid, unless it now names another process. Its group is the attempt's: the
 * kernel reuses no pid while a group of that number has members.
 */
export function ownLeader(a: AttemptIdentity): number | null {
	if (!a.pid) return null;
	const start = processStartTime(a.pid);
	return start !== null && a.pidStart !== null && start !== a.pidStart ? null : a.pid;
}

/** The attempt's live processes (pid and group), and those of any attempt `also` matches; [] once all are gone. */
export function attemptProcesses(a: AttemptIdentity, also?: TokenMatch): Array<{pid: number; pgid: number}> {
	const leader = ownLeader(a);
	const found = findProcesses(tokenOf(a, also), leader ? [leader] : []);
	if (found) return found.all.map(({pid, pgid}) => ({pid, pgid}));
	// Without /proc: ansible-playbook and its group, by signal 0 (a zombie counts there).
	if (!a.pid) return [];
	return isSameProcessAlive(a.pid, a.pidStart) || isGroupAlive(a.pid) ? [{pid: a.pid, pgid: a.pid}] : [];
}

/**
 * The first process of an attempt whose pid was not saved (the supervisor was killed right after
 * the spawn): among those carrying its token, the earliest one whose parent does not carry it
 * (ansible-playbook, or a wrapper around it).
 */
export function attemptLeader(a: AttemptIdentity): {pid: number; pidStart: number | null} | null {
	const match = tokenOf(a);
	const found = match ? findProcesses(match, []) : null;
	if (!found) return null;
	const marked = new Set(found.marked.map((p) => p.pid));
	const roots = found.marked
		.filter((p) => !marked.has(p.ppid))
		.map((p) => ({pid: p.pid, pidStart: processStartTime(p.pid)}))
		.sort((x, y) => (x.pidStart ?? Infinity) - (y.pidStart ?? Infinity));
	return roots[0] ?? null;
}
