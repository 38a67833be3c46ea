// The account file is held to one set of rules by two checkers: the readers every command uses
// (keys.ts, over YAML nodes) and conf's schema (ajv), which checks what `settings set` writes.
// They must give the same verdict on every value, and conf must keep the file where the readers
// look for it.
import {mkdtempSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openAccountStore} from '../../source/settings/account-store.js';
import {accountFilePath} from '../../source/settings/files.js';
import {readAssignment, type SettingKey} from '../../source/settings/keys.js';

const values: Record<SettingKey, {good: string[]; bad: string[]}> = {
	bell: {good: ['true', 'false'], bad: ['yes', '"true"', '1', '[]', "''"]},
	color: {good: ['auto', 'always', 'never'], bad: ['Always', 'none', 'true', '1', '[auto]']},
	notify: {
		good: ['[mail, -s, done, ops@example.com]', '["", x]', '{command: [hook]}', '{command: [hook], on: [failed, done], timeout: 90}', '{command: [hook], on: stalled, timeout: 1h}', '{command: [hook], on: [done, done]}'],
		bad: ['mail -s done', '[]', '[mail, 10]', '{command: []}', '{on: [done]}', '{command: [hook], on: []}', '{command: [hook], on: [finished]}', '{command: [hook], timeout: 0}', '{command: [hook], timeout: soon}', '{command: [hook], when: done}', 'null'],
	},
	stall_after: {good: ['900', '0.5', '15m', '1h30m', '90s', '"900"', '0h5m', ' 20m'], bad: ['0', '0s', '-5', 'soon', '15 m', '1d', 'true', '[15m]', "''"]},
	state_root: {good: ['/srv/runs', '~/runs', '"~"', '/'], bad: ['runs', './runs', '~op/runs', '~', "''", '"  "', '42', '[/srv]']},
};

describe('the rules of each setting', () => {
	// Changed in place: env-paths (conf's) holds on to the process.env object it found.
	const saved = process.env['XDG_CONFIG_HOME'];
	let config: string;
	beforeEach(() => {
		config = mkdtempSync(join(tmpdir(), 'settings-schema-'));
		process.env['XDG_CONFIG_HOME'] = config;
	});
	afterEach(() => {
		if (saved === undefined) delete process.env['XDG_CONFIG_HOME'];
		else process.env['XDG_CONFIG_HOME'] = saved;
	});

	it('are the same for the readers and for conf (ajv): a value one takes, the other takes', async () => {
		const store = await openAccountStore(process.env);
		const disagreements: string[] = [];
		for (const [key, {good, bad}] of Object.entries(values) as Array<[SettingKey, {good: string[]; bad: string[]}]>) {
			for (const [text, expected] of [...good.map((t) => [t, true] as const), ...bad.map((t) => [t, false] as const)]) {
				const read = readAssignment(key, text, '/home/op');
				// A value the reader refuses is given to conf as YAML reads it.
				const json = read.ok ? read.json : (await import('yaml')).parse(text);
				let conf = true;
				try {
					store.set(key, json);
				} catch {
					conf = false;
				}
				if (read.ok !== expected || conf !== expected) disagreements.push(`${key} ${text}: reader ${read.ok}, conf ${conf}, expected ${expected}`);
			}
		}
		expect(disagreements).toEqual([]);
	});

	it('are kept by conf in the file the readers read, $XDG_CONFIG_HOME/ansible-driver/config.json, private to the operator', async () => {
		const store = await openAccountStore(process.env);
		expect(store.path).toBe(join(config, 'ansible-driver', 'config.json'));
		expect(store.path).toBe(accountFilePath(process.env));
		store.set('stall_after', '20m');
		expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({stall_after: '20m'});
		const {statSync} = await import('node:fs');
		expect(statSync(store.path).mode & 0o777).toBe(0o600);
	});

	it('make conf refuse a damaged file rather than clear it', async () => {
		const path = accountFilePath(process.env);
		mkdirSync(join(config, 'ansible-driver'), {recursive: true});
		for (const text of ['{"bell": false,', '{"bell": "no"}', '{"colour": "never"}']) {
			writeFileSync(path, text);
			await expect(openAccountStore(process.env)).rejects.toThrow();
			expect(readFileSync(path, 'utf8')).toBe(text);
		}
	});

	it('name an unknown key with the nearest known one, and a bad value with the form it must have', () => {
		expect(readAssignment('stal_after', '20m', '/h')).toEqual({ok: false, bad: 'key', message: expect.stringMatching(/unknown key "stal_after" .*did you mean "stall_after"\? allowed keys are bell, color, notify, stall_after, state_root/)});
		expect(readAssignment('stall_after', 'soon', '/h')).toEqual({ok: false, bad: 'value', message: expect.stringMatching(/^stall_after must be a duration: .*got the string "soon"$/)});
		expect(readAssignment('notify', '{command: [x], on: [finished]}', '/h')).toEqual({ok: false, bad: 'value', message: expect.stringMatching(/^notify\.on must list events among failed, paused, aborted, done, step_done, stalled; got "finished"$/)});
		expect(readAssignment('state_root', '~/runs', '/home/op')).toEqual({ok: true, key: 'state_root', value: '/home/op/runs', json: '~/runs'});
	});
});
