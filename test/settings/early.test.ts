// What the command line applies before a command runs: state_root and color put in the
// environment (where stateRoot and colorWanted read them), the bell for the viewer; the
// environment's own values and the options outrank the files.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {stateRoot} from '../../source/run/paths.js';
import {earlySettings} from '../../source/settings/early.js';
import {colorWanted} from '../../source/ui/color.js';

function account(settings: Record<string, unknown> | null) {
	const dir = mkdtempSync(join(tmpdir(), 'settings-early-'));
	const env: Record<string, string | undefined> = {HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state')};
	if (settings !== null) {
		mkdirSync(join(dir, 'config', 'ansible-driver'), {recursive: true});
		writeFileSync(join(dir, 'config', 'ansible-driver', 'config.json'), JSON.stringify(settings));
	}
	const stderr = new PassThrough();
	let said = '';
	stderr.on('data', (d: Buffer) => (said += d.toString()));
	return {dir, env, stderr, said: () => said};
}

describe('the settings applied before a command runs', () => {
	it('without a settings file: nothing added, the bell rings', async () => {
		const {dir, env, stderr} = account(null);
		expect(await earlySettings({env, cwd: dir, options: {}, uid: 0, stderr})).toEqual({env: {}, bell: true});
		expect(await earlySettings({env, cwd: dir, options: {bell: false}, uid: 0, stderr})).toEqual({env: {}, bell: false});
	});

	it('from the account file: state_root and color reach stateRoot and colorWanted through the environment; --bell outranks bell', async () => {
		const {dir, env, stderr} = account({state_root: '~/runs', color: 'never', bell: false});
		const early = await earlySettings({env, cwd: dir, options: {}, uid: 0, stderr});
		expect(early).toEqual({env: {ANSIBLE_DRIVER_STATE_ROOT: join(dir, 'home', 'runs'), ANSIBLE_DRIVER_COLOR: 'never'}, bell: false});
		const applied = {...env, ...early.env};
		expect(stateRoot(env)).toBe(join(dir, 'state', 'ansible-driver'));
		expect(stateRoot(applied)).toBe(join(dir, 'home', 'runs'));
		expect(colorWanted(applied)).toBe(false);
		expect(colorWanted({...applied, FORCE_COLOR: '1'})).toBe(true);
		expect((await earlySettings({env, cwd: dir, options: {bell: true}, uid: 0, stderr})).bell).toBe(true);
	});

	it('color always wins over NO_COLOR (no-color.org lets a program\'s own configuration override it), not over FORCE_COLOR=0', async () => {
		const {dir, env, stderr} = account({color: 'always'});
		const applied = {...env, ...(await earlySettings({env, cwd: dir, options: {}, uid: 0, stderr})).env};
		expect(colorWanted({...applied, NO_COLOR: '1'})).toBe(true);
		expect(colorWanted({...applied, FORCE_COLOR: '0'})).toBe(false);
		expect(colorWanted({NO_COLOR: '1'})).toBe(false);
	});

	it('a state root already in the environment (set by the operator, or by the driver for the supervisor it starts) wins and is kept', async () => {
		const {dir, env, stderr} = account({state_root: '/srv/runs'});
		const early = await earlySettings({env: {...env, ANSIBLE_DRIVER_STATE_ROOT: '/var/tmp/runs'}, cwd: dir, options: {}, uid: 0, stderr});
		expect(early.env).toEqual({});
	});

	it('a damaged account file: a warning, said once in the process, and the defaults', async () => {
		const {dir, env, stderr, said} = account(null);
		mkdirSync(join(dir, 'config', 'ansible-driver'), {recursive: true});
		writeFileSync(join(dir, 'config', 'ansible-driver', 'config.json'), '{"state_root": 42}');
		for (let i = 0; i < 2; i++) expect(await earlySettings({env, cwd: dir, options: {}, uid: 0, stderr})).toEqual({env: {}, bell: true});
		expect(said().match(/warning: the account file .*config\.json is ignored: .*state_root: must be a directory/g)).toHaveLength(1);
	});
});
