// Persists the run state in the run directory with conf (atomic writes, owner-only file).
// The supervisor is the only writer; viewers and `status` only read.
import {chmodSync, existsSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import Conf from 'conf';
import type {RunState} from './types.js';

export const stateFileName = 'state.json';

/** Creates the run directory (and its parents) readable by the owner only. */
export function ensurePrivateDir(dir: string): void {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	chmodSync(dir, 0o700);
}

export class StateStore {
	private readonly conf: Conf<{state: RunState}>;

	constructor(readonly dir: string) {
		this.conf = new Conf<{state: RunState}>({
			cwd: dir,
			configName: 'state',
			configFileMode: 0o600,
			clearInvalidConfig: false,
			accessPropertiesByDotNotation: false,
			watch: false,
		});
	}

	static exists(dir: string): boolean {
		return existsSync(join(dir, stateFileName));
	}

	read(): RunState | null {
		return (this.conf.get('state') as RunState | undefined) ?? null;
	}

	write(state: RunState): void {
		this.conf.set('state', state);
	}
}

/** Reads a run's state, or explains why it cannot (for viewers and `status`); a poller passes its store. */
export function readState(dir: string, store?: StateStore): {ok: true; state: RunState} | {ok: false; message: string} {
	if (!StateStore.exists(dir)) return {ok: false, message: `no run in ${dir} (no ${stateFileName})`};
	try {
		const state = (store ?? new StateStore(dir)).read();
		// Minimal shape check: a hand-edited or foreign file must give a message, not a crash.
		if (!state || state.version !== 1 || !Array.isArray(state.steps) || typeof state.run !== 'object' || typeof state.plan !== 'object') {
			return {ok: false, message: `${join(dir, stateFileName)} holds no ansible-driver run state`};
		}
		return {ok: true, state};
	} catch (error) {
		return {ok: false, message: `cannot read ${join(dir, stateFileName)}: ${(error as Error).message}`};
	}
}
