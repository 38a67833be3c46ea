import {mkdtempSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {readDurations, recordDuration} from '../../source/run/history.js';

it('remembers step durations by hash across calls, in an owner-only file', () => {
	const env = {XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'history-'))};
	expect(readDurations(env)).toEqual({});
	recordDuration(env, 'abc', 1234.4);
	recordDuration(env, 'def', 10);
	recordDuration(env, 'abc', 2000);
	expect(readDurations(env)).toEqual({abc: 2000, def: 10});
	expect(statSync(join(env.XDG_STATE_HOME, 'ansible-driver', 'durations.json')).mode & 0o777).toBe(0o600);
});
