// The normalized event type: what the driver knows of an ansible run, whatever the source
// (the driver's own callback plugin, ansible.posix.jsonl, ...). Plain data, no behaviour.

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable' | 'ignored' | 'rescued';
export type ItemStatus = 'ok' | 'changed' | 'failed' | 'skipped';

export interface TaskRef {
	id: string;
	name: string;
	path?: string;
	role?: string | null;
	action?: string;
	handler?: boolean;
}

export interface PlayRef {
	id: string;
	name: string;
	strategy?: string;
	serial?: unknown;
}

export interface HostCounts {
	ok: number;
	changed: number;
	failures: number;
	unreachable: number;
	skipped: number;
	rescued: number;
	ignored: number;
}

export type DriverEvent =
	| {type: 'hello'; t: number; ansibleVersion: string; pid: number; pauseMode?: string}
	| {type: 'playbook_start'; t: number; playbook: string}
	| {type: 'play_start'; t: number; play: PlayRef; hosts?: string[]; hostGroups?: Record<string, string[]>}
	| {type: 'task_start'; t: number; task: TaskRef}
	| {type: 'host_start'; t: number; host: string; taskId: string}
	| {
			type: 'result';
			t: number;
			host: string;
			taskId: string;
			/** Present when the source does not send task_start events (jsonl). */
			task?: TaskRef;
			status: HostStatus;
			duration?: number | null;
			msg?: string;
			rc?: number | null;
			stdout?: string;
			stderr?: string;
			/** A module's traceback, when it raised. */
			exception?: string;
			/** Outputs whose start was not kept (the tail is what a failure shows). */
			cut?: string[];
	  }
	| {type: 'item'; t: number; host: string; taskId: string; status: ItemStatus; item: string}
	| {type: 'retry'; t: number; host: string; taskId: string; attempts: number; retries: number; msg?: string}
	| {type: 'notify'; t: number; host: string; handlerId: string; handlerName: string}
	| {type: 'pause_wait'; t: number; reason: string; detail: string; task?: TaskRef | null}
	| {type: 'paused'; t: number; reason: string; task: TaskRef | null; play?: PlayRef | null}
	| {type: 'stats'; t: number; hosts: Record<string, HostCounts>};

export type DriverEventType = DriverEvent['type'];
