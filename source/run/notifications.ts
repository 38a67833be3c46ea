// What the supervisor tells the notify hook (notifier.ts runs it): the event, with the run's
// state, the step it is about and the files an operator opens next (handover.txt, the report).
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import type {NotifyEvent} from '../plan/types.js';
import {nextStepIndex} from './machine.js';
import type {Notifier} from './notifier.js';
import {notifyPayload} from './notify-payload.js';
import type {RunState} from './types.js';

export class RunNotices {
	constructor(
		private readonly notifier: Notifier | undefined,
		private readonly dir: string,
	) {}

	/** Tells the hook (if any wants the event) of an event about the step at `index` (-1: none). */
	tell(event: NotifyEvent, state: RunState, index: number, report: string | null = null): void {
		if (!this.notifier?.wants(event)) return;
		const handover = join(this.dir, 'handover.txt');
		this.notifier.send(notifyPayload(event, state, this.dir, index, {handover: existsSync(handover) ? handover : null, report}, Date.now()));
	}

	/** The run's end, about the step it stopped at (none when done), with its report. */
	runEnded(state: RunState, report: string | null): void {
		const event = runEvent(state.run.status);
		if (event) this.tell(event, state, nextStepIndex(state), report);
	}

	/** Hooks still running: the supervisor's exit waits for them (each bounded by its timeout). */
	async settle(): Promise<void> {
		await this.notifier?.settle();
	}
}

/** The notify event of a run that ended with this status. */
function runEvent(status: RunState['run']['status']): NotifyEvent | null {
	switch (status) {
		case 'done':
		case 'paused':
		case 'aborted':
		case 'failed':
			return status;
		default:
			return null;
	}
}
