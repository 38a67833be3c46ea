import {describe, expect, it} from 'vitest';
import {fromStoredPaths, toStoredPaths} from '../../source/run/state-paths.js';
import {validState} from './state-fixture.js';

const files = (state: ReturnType<typeof validState>) => state.steps.map((s) => (s.attempt ? [s.attempt.eventsFile, s.attempt.logFile] : null));
const none = () => false;

describe('attempt paths in state.json', () => {
	it('are stored relative to the run directory and read back absolute, in that directory', () => {
		const stored = toStoredPaths(validState('/runs/demo'), '/runs/demo');
		expect(files(stored)).toEqual([['steps/first/attempt-1.events.ndjson', 'steps/first/attempt-1.log'], null]);
		expect(files(fromStoredPaths(stored, '/runs/demo', none))).toEqual(files(validState('/runs/demo')));
		// A copy of the directory reads its own files.
		expect(files(fromStoredPaths(stored, '/copies/demo', none))).toEqual(files(validState('/copies/demo')));
	});

	it('keep a file outside the run directory absolute (never ../ paths), and do not touch the rest of the state', () => {
		const state = validState('/elsewhere');
		const stored = toStoredPaths(state, '/runs/demo');
		expect(files(stored)).toEqual(files(state));
		expect(toStoredPaths(validState('/runs/demo-2'), '/runs/demo').steps[0]!.attempt!.logFile).toBe('/runs/demo-2/steps/first/attempt-1.log');
		expect({...stored, steps: []}).toEqual({...state, steps: []});
		expect(state.steps[0]!.attempt!.eventsFile).toBe('/elsewhere/steps/first/attempt-1.events.ndjson'); // not mutated
	});

	it('read an older state with absolute paths as they are, unless it was copied: then its own attempt files win', () => {
		const old = validState('/runs/demo');
		expect(files(fromStoredPaths(old, '/runs/demo', () => true))).toEqual(files(old));
		expect(files(fromStoredPaths(old, '/copies/demo', none))).toEqual(files(old)); // the copy lacks them: the recorded ones
		const own = new Set(['/copies/demo/steps/first/attempt-1.events.ndjson']);
		expect(files(fromStoredPaths(old, '/copies/demo', (p) => own.has(p)))).toEqual([
			['/copies/demo/steps/first/attempt-1.events.ndjson', '/runs/demo/steps/first/attempt-1.log'],
			null,
		]);
	});
});
