// Runs the notify hook on run events, beside the run and never in its way: each hook gets its
// own process group, the event on stdin and in its environment, its output appended to
// notify.log in the run directory, and a timeout after which its whole group is killed. A hook
// that fails or hangs is logged; the run neither waits for it nor stops because of it. Only the
// supervisor's exit waits for hooks still running (each bounded by its timeout).
import {appendFileSync, closeSync, openSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';
import type {NotifyEvent, NotifySpec} from '../plan/types.js';
import {notifyVariables, type NotifyPayload} from './notify-payload.js';

const killGraceMs = 2000;

export const notifyLog = (dir: string) => join(dir, 'notify.log');

export class Notifier {
	private readonly pending = new Set<Promise<void>>();

	constructor(
		/** The plan's hook and --notify's, each with its events and timeout. */
		private readonly o: {specs: NotifySpec[]; dir: string; env: Record<string, string | undefined>; note: (text: string) => void},
	) {}

	wants(event: NotifyEvent): boolean {
		return this.o.specs.some((spec) => spec.on.includes(event));
	}

	/** Starts the hooks for this event and returns at once. */
	send(payload: NotifyPayload): void {
		for (const spec of this.o.specs) {
			if (!spec.on.includes(payload.event)) continue;
			const run = this.run(spec, payload).catch((error: unknown) => this.o.note(`notify: the hook for "${payload.event}" could not run: ${(error as Error).message}`));
			this.pending.add(run);
			void run.finally(() => this.pending.delete(run));
		}
	}

	/** Hooks still running; resolves once each has ended or been killed. */
	async settle(): Promise<void> {
		if (this.pending.size === 0) return;
		const longest = Math.max(...this.o.specs.map((spec) => spec.timeoutSeconds));
		this.o.note(`notify: waiting for ${this.pending.size === 1 ? 'a hook' : `${this.pending.size} hooks`} to end (at most ${longest}s)`);
		await Promise.all([...this.pending]);
	}

	private async run(spec: NotifySpec, payload: NotifyPayload): Promise<void> {
		const {command, timeoutSeconds} = spec;
		const log = notifyLog(this.o.dir);
		appendFileSync(log, `--- ${payload.at} ${payload.event}: ${command.join(' ')}\n`, {mode: 0o600});
		const fd = openSync(log, 'a', 0o600);
		let child;
		try {
			child = execa(command[0] ?? '', command.slice(1), {
				cwd: this.o.dir,
				env: {...this.o.env, ...notifyVariables(payload)},
				extendEnv: false,
				detached: true,
				cleanup: false,
				input: `${JSON.stringify(payload)}\n`,
				stdout: fd as 3,
				stderr: fd as 3,
				reject: false,
				buffer: false,
			});
		} finally {
			closeSync(fd);
		}
		const pid = child.pid;
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			signalGroup(pid, 'SIGTERM');
			setTimeout(() => signalGroup(pid, 'SIGKILL'), killGraceMs).unref();
		}, timeoutSeconds * 1000);
		const result = await child;
		clearTimeout(timer);
		// Whatever the hook left in its group (a `sleep` under `sh -c`) goes with it.
		if (killed) signalGroup(pid, 'SIGKILL');
		if (killed) this.o.note(`notify: the hook for "${payload.event}" ran longer than ${timeoutSeconds}s and was killed (see ${log})`);
		else if (result.exitCode !== 0) {
			const how = result.exitCode === undefined ? (result.signal ?? result.shortMessage ?? 'did not run') : `exited ${result.exitCode}`;
			this.o.note(`notify: the hook for "${payload.event}" ${how} (see ${log})`);
		}
	}
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// Gone already.
	}
}
