// Carries out an abort of a running step: SIGINT to each of its process groups, then SIGTERM and
// SIGKILL while any of them lives. ansible-core 2.19 and later (checked: 2.19.11, 2.22.0b2) start
// each worker in a session of its own, so a step is ansible-playbook's group plus one group per
// worker. The attempt's token (attempt-identity.ts), which every process of the step inherits,
// finds those groups, also once ansible-playbook is gone or was never known (an attempt adopted
// right after its spawn): no task outlives an ansible-playbook that died, or ignored the signal,
// before passing it on. Attempts saved before tokens fall back on ansible-playbook's descendants.
import type {DriverEvent} from '../ansible/events.js';
import {findProcesses, type TokenMatch} from './attempt-processes.js';
import {descendantGroups, isGroupAlive, isSameProcessAlive, liveGroups, processTable, signalGroup} from './process.js';

const ladder: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL'];
const escalateAfterMs = 10_000;
/**
 * A task or play that starts later than this after the SIGINT means ansible went on (2.19.0-2.19.3
 * could, issue 86078): ansible handles a SIGINT at once, so this only allows for events on the way.
 */
const wentOnAfterMs = 250;

export class StepAbort {
	private readonly groups: Set<number>;
	private sent = 0;
	private sentAt = 0;
	private dueAt = 0;
	private wentOn: string | null = null;

	constructor(
		private readonly leader: {pid: number; pidStart: number | null} | null,
		private readonly token: TokenMatch | null,
		private readonly note: (text: string) => void,
	) {
		this.groups = new Set(leader ? [leader.pid] : []);
	}

	/** Each tick: takes in the workers' groups, then sends the next signal when it is due. */
	tick(now: number, leaderAlive: boolean): void {
		const live = this.liveGroups(leaderAlive);
		const signal = ladder[this.sent];
		if (!signal || now < this.dueAt || live.length === 0) return;
		if (this.wentOn) this.note(`abort: ansible went on after SIGINT (${this.wentOn}), sending ${signal}`);
		else if (this.sent > 0) this.note(`abort: the step is still running, sending ${signal}`);
		this.wentOn = null;
		for (const group of live) signalGroup(group, signal);
		this.sent++;
		this.sentAt = now;
		this.dueAt = now + escalateAfterMs;
	}

	/** An event of the step: a task or play that starts well after the SIGINT hurries the next signal. */
	saw(e: DriverEvent): void {
		if (this.sent !== 1 || this.wentOn !== null || e.t * 1000 < this.sentAt + wentOnAfterMs) return;
		if (e.type === 'task_start') this.wentOn = `task "${e.task.name}" started`;
		else if (e.type === 'play_start') this.wentOn = `play "${e.play.name}" started`;
		else if (e.type === 'host_start') this.wentOn = `host ${e.host} started a task`;
		else return;
		this.dueAt = 0;
	}

	/** The leader is gone: SIGKILL to what is left of the step's groups; the groups still there. */
	killLeft(): number[] {
		const live = this.liveGroups(false);
		for (const group of live) signalGroup(group, 'SIGKILL');
		return live;
	}

	/**
	 * The groups to signal now, checked again before every signal (a group whose members are all
	 * gone may be reused by an unrelated one; a group number remembered from an earlier tick is
	 * never enough): those of the processes carrying the attempt's token, and ansible-playbook's
	 * own while it is the same process (pid and start time), as attemptProcesses finds them.
	 * Without a token (attempts saved before tokens): the groups known, with those of
	 * ansible-playbook's descendants found while it lives (2.19's workers run in sessions of their own).
	 */
	private liveGroups(findWorkers: boolean): number[] {
		const table = processTable();
		if (!table) return [...this.groups].filter((g) => isGroupAlive(g));
		const leader = this.leader && isSameProcessAlive(this.leader.pid, this.leader.pidStart) ? this.leader.pid : null;
		// Never this process's own group (a foreground supervisor shares its terminal's).
		const own = table.find((p) => p.pid === process.pid)?.pgid;
		const live = liveGroups(table);
		const usable = (groups: Iterable<number>) => [...groups].filter((g) => g > 1 && g !== own && live.has(g));
		if (this.token) return usable(new Set((findProcesses(this.token, leader === null ? [] : [leader], table)?.all ?? []).map((p) => p.pgid)));
		if (leader !== null) {
			this.groups.add(leader);
			if (findWorkers) for (const group of descendantGroups(table, leader)) this.groups.add(group);
		}
		return usable(this.groups);
	}
}
