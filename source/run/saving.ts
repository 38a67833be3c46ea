// The supervisor's saving of the run state. A failed save (a full disk) never throws: it is said
// once, the old state.json stays valid (the store writes all or nothing), and the supervisor
// starts no new step until a save works, retrying for a while before it gives up.
import {setRun} from './machine.js';
import type {StateStore} from './store.js';
import type {RunState} from './types.js';

/** Default of SupervisorOptions.saveRetryMs, and how often a failing save is tried again. */
export const defaultSaveRetryMs = 5 * 60_000;
const saveRetryEveryMs = 2000;

export interface SavingOptions {
	store: StateStore;
	note(text: string): void;
	/** How long a save that fails is tried again before the supervisor stops (saveRetryMs). */
	retryMs: number;
	/** A pause or abort asked: retrying stops at once (the operator wants the run to stop anyway). */
	stopWanted(): boolean;
	wait(ms: number): Promise<void>;
}

export class StateSaving {
	/** When the latest save was tried: progress saves are spaced from it. */
	lastTried = 0;
	/** Why the latest save failed; null when the state on disk is the one in memory. */
	failure: string | null = null;
	gaveUp = false;

	constructor(private readonly o: SavingOptions) {}

	/** Writes the state; false when it could not (said once, until a save works again). */
	save(state: RunState): boolean {
		this.lastTried = Date.now(); // also after a failure: progress must not retry on every event
		try {
			this.o.store.write(state);
		} catch (error) {
			const failure = error instanceof Error ? error.message : String(error);
			if (this.failure === null) {
				const running = state.steps.find((s) => s.status === 'running');
				const goesOn = running ? `step ${running.id} runs on to its end; ` : '';
				this.o.note(`error: ${failure}; ${goesOn}no new step starts until the state is saved`);
			}
			this.failure = failure;
			return false;
		}
		if (this.failure !== null) this.o.note('the run state is saved again');
		this.failure = null;
		return true;
	}

	/** Saves, retrying while it fails (up to retryMs, or until a pause or abort is asked); false: give up. */
	async saveWithRetries(state: RunState): Promise<boolean> {
		if (this.save(state)) return true;
		const until = Date.now() + this.o.retryMs;
		if (this.o.retryMs > 0) this.o.note(`trying again every ${saveRetryEveryMs / 1000}s for up to ${Math.round(this.o.retryMs / 1000)}s: free space on the run directory's filesystem`);
		while (Date.now() < until && !this.o.stopWanted()) {
			await this.o.wait(Math.min(saveRetryEveryMs, Math.max(0, until - Date.now())));
			if (this.save(state)) return true;
		}
		return false;
	}

	/**
	 * Saving keeps failing: stop with the state on disk older than the run. Never exit 0 then (the
	 * end is not recorded); a pause or abort keeps its code, as resume treats them alike.
	 */
	giveUp(code: number, state: RunState, at: string): {code: number; state: RunState} {
		this.gaveUp = true;
		this.o.note(
			`stopped: ${this.failure ?? 'the run state could not be saved'}. ${this.o.store.file} keeps the last state saved, and no new step was started. Free space, then resume: finished steps do not run again, and a step whose end was not saved is judged from its events.`,
		);
		const final = code === 0 ? 1 : code;
		return {code: final, state: final === 1 ? setRun(state, {status: 'failed', pid: null, waitingFor: null}, at) : state};
	}
}
