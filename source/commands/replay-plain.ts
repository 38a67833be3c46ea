// `replay PATH --plain`: reads every step of a recording once, at once, and prints a summary.
import type {Writable} from 'node:stream';
import {detectRecording} from '../replay/detect.js';
import {foldEvent, formatReplaySummary, newStepFold, stepSummary, type ReplayedStep} from '../replay/summary.js';
import {CommandExit, exitCodes} from './io.js';

export async function replayPlain(path: string, io: {stdout: Writable; stderr: Writable}): Promise<number> {
	const detected = detectRecording(path);
	if (!detected.ok) throw new CommandExit(exitCodes.usage, detected.message);
	const {recording} = detected;
	const steps: ReplayedStep[] = [];
	let badLines = 0;
	let unreadable = false;
	for (const step of recording.steps) {
		const fold = newStepFold();
		const events = step.open();
		let error: string | undefined;
		try {
			if (events.batches) for await (const batch of events.batches()) for (const {event} of batch) foldEvent(fold, event);
			else for await (const {event} of events) foldEvent(fold, event);
		} catch (caught) {
			// The file went away or cannot be read: report it with what was read, go on.
			error = (caught as Error).message;
			unreadable = true;
		}
		badLines += events.badLines;
		steps.push({id: step.id, name: step.name, status: step.status, summary: stepSummary(fold), badLines: events.badLines, ...(error === undefined ? {} : {error})});
	}
	io.stdout.write(formatReplaySummary({kind: recording.kind, source: recording.source, steps}, badLines));
	return unreadable ? exitCodes.failed : exitCodes.done;
}
