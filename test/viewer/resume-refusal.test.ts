// A refused r says its real reason: a supervisor that has written its last state but not yet
// exited still holds the run, which is not "nothing to resume".
import {mkdtempSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {StateStore} from '../../source/run/store.js';
import type {RunStatus} from '../../source/run/types.js';
import {RunDirSource} from '../../source/viewer/run-dir-source.js';
import {validState} from '../run/state-fixture.js';

const sources: RunDirSource[] = [];
afterEach(() => {
	for (const s of sources.splice(0)) s.close();
});

/** A run directory in `status` whose lock is held (an owner on another host counts as live). */
function held(status: RunStatus): RunDirSource {
	const dir = mkdtempSync(join(tmpdir(), 'ad-resume-'));
	const state = validState(dir);
	new StateStore(dir).write({...state, run: {...state.run, status}});
	writeFileSync(join(dir, 'supervisor.lock'), JSON.stringify({pid: 4242, start: null, host: `not-${hostname()}`, since: new Date().toISOString()}));
	const source = new RunDirSource({dir, pollMs: 20, startSupervisor: () => ({ok: true, message: 'started'})});
	sources.push(source);
	return source;
}

it.each(['paused', 'failed', 'aborted'] as const)('r on a %s run whose supervisor has not exited says to try again', (status) => {
	expect(held(status).resume()).toEqual({ok: false, message: `r: the run is ${status} but its supervisor (pid 4242) has not exited yet; try again in a moment`});
});

it('r on a running run names its supervisor', () => {
	expect(held('running').resume()).toEqual({ok: false, message: 'r: the run is running (supervisor pid 4242); nothing to resume'});
});
