// Folds one step attempt's events into per-task results: each task, and each host's last result
// in it. Pure: fed event by event (a file is streamed into it elsewhere).
import type {DriverEvent, HostStatus} from '../ansible/events.js';

export interface TaskHost {
	host: string;
	status: HostStatus;
	/** ansible's message, stderr and a non-zero rc, as one text ("" when none). */
	msg: string;
}

export interface TaskRecord {
	id: string;
	name: string;
	play: string | null;
	handler: boolean;
	/** Event times (seconds since the epoch) of the task start and of its last result. */
	startedAt: number | null;
	endedAt: number | null;
	/** Each host's last result, in the order hosts first reported. */
	hosts: Map<string, TaskHost>;
}

/** The same message text the live output shows for a failed host. */
export function resultMessage(e: {msg?: string; stderr?: string; rc?: number | null}): string {
	const parts = [e.msg, e.stderr && e.stderr.trim() !== '' ? `stderr: ${e.stderr.trim()}` : undefined];
	if (e.rc !== undefined && e.rc !== null && e.rc !== 0) parts.push(`rc ${e.rc}`);
	return parts.filter(Boolean).join('; ');
}

export class TaskCollector {
	private readonly byId = new Map<string, TaskRecord>();
	private play: string | null = null;
	events = 0;
	/** The ansible-core the attempt reported (its hello; the last one when a run: step ran several). */
	ansibleVersion: string | null = null;

	push(e: DriverEvent): void {
		this.events++;
		switch (e.type) {
			case 'hello':
				this.ansibleVersion = e.ansibleVersion;
				break;
			case 'play_start':
				this.play = e.play.name;
				break;
			case 'task_start':
				this.task(e.task.id, e.task.name, e.task.handler === true, e.t);
				break;
			case 'result': {
				// Sources without task_start events (ansible.posix.jsonl) name the task in the result.
				const task = this.byId.get(e.taskId) ?? this.task(e.taskId, e.task?.name ?? e.taskId, e.task?.handler === true, e.t);
				task.hosts.set(e.host, {host: e.host, status: e.status, msg: resultMessage(e)});
				task.endedAt = e.t;
				break;
			}
			default:
				break;
		}
	}

	/** Tasks in the order they started. */
	tasks(): TaskRecord[] {
		return [...this.byId.values()];
	}

	private task(id: string, name: string, handler: boolean, t: number): TaskRecord {
		const known = this.byId.get(id);
		if (known) return known;
		const record: TaskRecord = {id, name, play: this.play, handler, startedAt: t, endedAt: null, hosts: new Map()};
		this.byId.set(id, record);
		return record;
	}
}
