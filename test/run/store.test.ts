import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readState, StateStore, StateWriteError} from '../../source/run/store.js';
import {validState} from './state-fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'state-store-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

describe('StateStore', () => {
	it('writes {"state": ...} with attempt files relative to the run directory, and reads them back absolute', () => {
		const dir = mkdtempSync(join(tmp, 'run-'));
		new StateStore(dir).write(validState(dir));
		const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
		expect(saved.state.steps[0].attempt.eventsFile).toBe('steps/first/attempt-1.events.ndjson');
		expect(new StateStore(dir).read()).toEqual(validState(dir));

		const copy = join(tmp, 'copied');
		cpSync(dir, copy, {recursive: true});
		expect(new StateStore(copy).read()!.steps[0]!.attempt!.logFile).toBe(join(copy, 'steps/first/attempt-1.log'));
	});

	it('reads a state conf wrote (absolute paths, the same wrapper)', () => {
		const dir = mkdtempSync(join(tmp, 'old-'));
		writeFileSync(join(dir, 'state.json'), JSON.stringify({state: validState(dir)}, undefined, '\t'));
		expect(readState(dir)).toEqual({ok: true, state: validState(dir)});
	});

	it('says which file and what is wrong, for a damaged, foreign or missing state', () => {
		const dir = mkdtempSync(join(tmp, 'bad-'));
		expect(new StateStore(dir).read()).toBeNull();
		expect(readState(dir)).toEqual({ok: false, message: `no run in ${dir} (no state.json)`});
		const file = join(dir, 'state.json');
		writeFileSync(file, JSON.stringify({state: {...validState(dir), steps: [null]}}));
		expect(readState(dir)).toEqual({ok: false, message: `${file} holds no ansible-driver run state it can use: steps[0]: expected an object, got null`});
		writeFileSync(file, '[1]');
		expect(readState(dir)).toEqual({ok: false, message: `${file} holds no ansible-driver run state (no "state" object in it)`});
		writeFileSync(file, '{"state": ');
		expect(readState(dir)).toMatchObject({ok: false, message: expect.stringMatching(/^cannot read .*state\.json: /)});
	});

	it('a failed write throws StateWriteError naming the file and keeps the old state', () => {
		const dir = mkdtempSync(join(tmp, 'gone-'));
		const store = new StateStore(join(dir, 'missing'));
		expect(() => store.write(validState(dir))).toThrow(StateWriteError);
		expect(() => store.write(validState(dir))).toThrow(`cannot save the run state to ${join(dir, 'missing', 'state.json')}: ENOENT`);
	});
});
